package org.ipam4j.examples;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ipam4j.ExpiredException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.Kind;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.IpFamily;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;

/**
 * A controller in the style of a Kubernetes operator: it lists and watches the pools and claims of
 * a project, and whenever claims for {@code tier: web} pools wait while every such pool is
 * exhausted, it adds the next {@code /24} pool with that label; the waiting claims are then bound,
 * without anyone re-applying them, whichever process made them.
 *
 * <p>Against a shared store, as its own process (it runs until killed):
 *
 * <pre>
 * java -cp examples/target/ipam4j-examples.jar org.ipam4j.examples.ControllerExample \
 *     --store jdbc:sqlite:/tmp/ipam.db [--project default]
 * </pre>
 *
 * <p>Without {@code --store} it runs a short demonstration in memory: one pool, six claims that
 * need two.
 */
public final class ControllerExample {

  private ControllerExample() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length >= 2 && args[0].equals("--store")) {
      String project = args.length >= 4 && args[2].equals("--project") ? args[3] : "default";
      try (JdbcStore store = JdbcStore.open(args[1]);
          IpamEngine engine = IpamEngine.builder().store(store).build()) {
        System.out.println("controller: watching project " + project);
        System.out.flush();
        Subscription watch = Controller.start(engine, project, System.out);
        try {
          new CountDownLatch(1).await(); // until killed
        } finally {
          watch.close();
        }
      }
    } else {
      run(System.out);
    }
  }

  /** The demonstration: the controller and six claims in one process, in memory. */
  static void run(PrintStream out) throws InterruptedException {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      Controller controller = new Controller(engine, "default", out);
      Subscription watch = controller.watch();
      try {
        controller.awaitSynced();
        engine.applyPool(webPool("default", 0));
        PoolSelector web = PoolSelector.matching(Map.of("tier", "web"));
        for (int i = 0; i < 6; i++) {
          engine.applyClaim(
              IPClaim.of("default", "svc-" + i, IPClaimSpec.fromSelector(IpFamily.IPv4, 26, web)));
        }
        controller.awaitIdle(Duration.ofMillis(500));
      } finally {
        watch.close();
      }
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

  static IPPool webPool(String project, int n) {
    return IPPool.of(project, "web-" + n, IPPoolSpec.root("10.0." + n + ".0/24"))
        .withLabels(Map.of("tier", "web"));
  }

  /**
   * The reconcile loop, as watch callbacks: it keeps what it has seen of the project's pools and
   * claims, and acts once the list is complete. On expiry it lists again.
   */
  static final class Controller implements WatchListener {
    private static final Map<String, String> WEB = Map.of("tier", "web");

    private final IpamEngine engine;
    private final String project;
    private final PrintStream out;
    private final Map<String, IPPool> pools = new TreeMap<>();
    private final Map<String, IPClaim> claims = new TreeMap<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private final AtomicLong lastCall = new AtomicLong(System.nanoTime());
    private volatile Subscription watch = () -> {};
    private boolean listed;

    /** A pool this controller applied and has not yet seen come back through the watch, or "". */
    private String adding = "";

    Controller(IpamEngine engine, String project, PrintStream out) {
      this.engine = engine;
      this.project = project;
      this.out = out;
    }

    static Subscription start(IpamEngine engine, String project, PrintStream out) {
      return new Controller(engine, project, out).watch();
    }

    Subscription watch() {
      Subscription s =
          engine.watch(
              WatchRequest.listFirst().kinds(Kind.IPPool, Kind.IPClaim).project(project), this);
      watch = s;
      return () -> watch.close();
    }

    void awaitSynced() throws InterruptedException {
      if (!synced.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the watch did not list in 30 s");
      }
    }

    /** Waits until no call has come for {@code quiet}. */
    void awaitIdle(Duration quiet) throws InterruptedException {
      while (System.nanoTime() - lastCall.get() < quiet.toNanos()) {
        Thread.sleep(quiet.toMillis() / 5);
      }
    }

    @Override
    public void onChange(Change change) {
      lastCall.set(System.nanoTime());
      String name = change.object().metadata().name();
      if (change.object() instanceof IPPool pool) {
        if (change.type() == Change.Type.DELETED) {
          pools.remove(name);
        } else {
          pools.put(name, pool);
        }
        if (name.equals(adding)) {
          adding = "";
        }
      } else if (change.object() instanceof IPClaim claim) {
        if (change.type() == Change.Type.DELETED) {
          claims.remove(name);
        } else {
          claims.put(name, claim);
        }
      }
      if (listed) {
        reconcile();
      }
    }

    @Override
    public void onSynced(long revision) {
      lastCall.set(System.nanoTime());
      listed = true;
      out.println("controller: synced at revision " + revision);
      out.flush();
      synced.countDown();
      reconcile();
    }

    @Override
    public void onExpired(ExpiredException reason) {
      out.println("controller: " + reason.getMessage());
      pools.clear();
      claims.clear();
      listed = false;
      adding = "";
      watch();
    }

    /** Adds a web pool when web claims wait and no web pool has room. */
    private void reconcile() {
      if (!adding.isEmpty()) {
        return;
      }
      long waiting =
          claims.values().stream()
              .filter(c -> c.status().phase() == ClaimPhase.Pending)
              .filter(c -> c.spec().poolSelector().isPresent())
              .filter(c -> c.spec().poolSelector().get().labelSelector().matches(WEB))
              .count();
      boolean room =
          pools.values().stream()
              .filter(p -> WEB.equals(p.metadata().labels()))
              .anyMatch(p -> p.status().phase() != PoolPhase.Exhausted);
      if (waiting == 0 || room) {
        return;
      }
      int next = 0;
      while (pools.containsKey("web-" + next)) {
        next++;
      }
      IPPool pool = webPool(project, next);
      adding = pool.metadata().name();
      out.println(
          "controller: "
              + (waiting == 1 ? "a claim waits" : waiting + " claims wait")
              + " and no web pool has room; adding "
              + adding
              + " ("
              + pool.spec().cidr().orElseThrow()
              + ")");
      out.flush();
      engine.applyPool(pool);
    }
  }
}
