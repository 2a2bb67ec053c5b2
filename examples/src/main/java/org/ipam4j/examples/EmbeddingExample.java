package org.ipam4j.examples;

import java.io.PrintStream;
import java.util.Map;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.IpFamily;

/**
 * ipam4j embedded in a service: the quickstart of the IPClaim resource page (a pool labelled {@code
 * tier: web} and the {@code web-tier-v4} claim), then a claim that waits for space and is bound
 * when it frees. Run: {@code java -cp examples/target/ipam4j-examples.jar
 * org.ipam4j.examples.EmbeddingExample}.
 */
public final class EmbeddingExample {

  private EmbeddingExample() {}

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      IPPool pool =
          engine
              .applyPool(
                  IPPool.of("my-project", "web-pool", IPPoolSpec.root("10.0.0.0/23"))
                      .withLabels(Map.of("tier", "web")))
              .object();
      out.printf(
          "ippool/%s %s %s (%s addresses)%n",
          pool.metadata().name(),
          pool.status().phase(),
          pool.status().allocatedCIDR().orElseThrow(),
          pool.status().capacity().orElseThrow().total());

      PoolSelector web = PoolSelector.matching(Map.of("tier", "web"));
      IPClaim claim =
          engine
              .applyClaim(
                  IPClaim.of(
                      "my-project",
                      "web-tier-v4",
                      IPClaimSpec.fromSelector(IpFamily.IPv4, 24, web)))
              .object();
      print(out, claim);
      print(
          out,
          engine
              .applyClaim(
                  IPClaim.of(
                      "my-project",
                      "web-tier-v4-b",
                      IPClaimSpec.fromSelector(IpFamily.IPv4, 24, web)))
              .object());

      // The pool is full now: a third claim waits instead of failing ...
      print(
          out,
          engine
              .applyClaim(
                  IPClaim.of(
                      "my-project",
                      "web-tier-v4-c",
                      IPClaimSpec.fromSelector(IpFamily.IPv4, 24, web)))
              .object());
      // ... and is bound as soon as a block frees.
      engine.deleteClaim("my-project", "web-tier-v4");
      print(out, engine.getClaim("my-project", "web-tier-v4-c").orElseThrow());
      out.printf(
          "free /26 blocks left in web-pool: %s%n",
          engine.availableBlocks("my-project", "web-pool", 26));
    }
  }

  private static void print(PrintStream out, IPClaim claim) {
    out.printf(
        "ipclaim/%s %s %s%n",
        claim.metadata().name(),
        claim.status().phase(),
        claim
            .status()
            .allocatedCIDR()
            .map(Object::toString)
            .orElseGet(() -> "(" + claim.status().conditions().get(0).message() + ")"));
  }
}
