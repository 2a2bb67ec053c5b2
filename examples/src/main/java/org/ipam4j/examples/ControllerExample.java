package org.ipam4j.examples;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.Change;
import org.ipam4j.store.Subscription;

/**
 * A controller-style loop driven by watch events: whenever a pool labelled {@code tier: web}
 * becomes Exhausted, the controller adds another /24 pool with the same label, and the claims
 * waiting for space are bound to it without anyone re-applying them. Run: {@code java -cp
 * examples/target/ipam4j-examples.jar org.ipam4j.examples.ControllerExample}.
 */
public final class ControllerExample {

  private ControllerExample() {}

  public static void main(String[] args) throws InterruptedException {
    run(System.out);
  }

  static void run(PrintStream out) throws InterruptedException {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      BlockingQueue<Change> events = new LinkedBlockingQueue<>();
      Subscription watch = engine.watch(events::add);
      engine.applyPool(webPool(0));
      PoolSelector web = PoolSelector.matching(Map.of("tier", "web"));
      for (int i = 0; i < 6; i++) {
        engine.applyClaim(
            IPClaim.of("default", "svc-" + i, IPClaimSpec.fromSelector(IpFamily.IPv4, 26, web)));
      }
      int pools = 1;
      // The reconcile loop: react to each change; stop once nothing happens for a moment.
      Change change;
      while ((change = events.poll(500, TimeUnit.MILLISECONDS)) != null) {
        if (change.type() == Change.Type.MODIFIED
            && change.object() instanceof IPPool pool
            && pool.status().phase() == PoolPhase.Exhausted
            && "web".equals(pool.metadata().labels().get("tier"))) {
          out.println(
              "controller: " + pool.metadata().name() + " is exhausted; adding web-" + pools);
          engine.applyPool(webPool(pools++));
        }
      }
      watch.close();
      for (IPClaim claim : engine.listClaims("default")) {
        out.println(
            claim.metadata().name()
                + " "
                + claim.status().phase()
                + " "
                + claim.status().allocatedCIDR().map(Object::toString).orElse("-"));
      }
    }
  }

  private static IPPool webPool(int n) {
    return IPPool.of("default", "web-" + n, IPPoolSpec.root("10.0." + n + ".0/24"))
        .withLabels(Map.of("tier", "web"));
  }
}
