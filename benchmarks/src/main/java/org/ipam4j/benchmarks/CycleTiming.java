package org.ipam4j.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;

/**
 * A plain timing program for A/B comparisons of two builds on a noisy machine, where JMH's
 * intervals are as wide as the figures: claim + delete by poolRef over a pool holding 10,000
 * claims, 9 runs of 100,000 cycles (median, min and max of the runs, ns per cycle), then 100,000
 * new claims into the growing pool (ns per claim). Run each jar in turn, several times. With {@code
 * -Dkeep=N} the change log keeps the last N commits instead of the default 10,000.
 */
public final class CycleTiming {

  private static final int RUNS = 9;
  private static final int CYCLES = 100_000;

  private CycleTiming() {}

  public static void main(String[] args) {
    // -Dkeep=N: the in-memory change log keeps the last N commits (the store's default 10,000).
    long keep = Long.getLong("keep", ChangeRetention.IN_MEMORY.revisions());
    IpamEngine engine =
        IpamEngine.builder()
            .store(IpamStore.inMemory(new ChangeRetention(ChangeRetention.IN_MEMORY.age(), keep)))
            .recheckWaiting(Duration.ZERO)
            .build();
    engine.applyPool(IPPool.of("b", "p", IPPoolSpec.root("10.0.0.0/8")));
    for (int i = 0; i < 10_000; i++) {
      engine.applyClaim(IPClaim.of("b", "h" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p")));
    }
    IPClaim cycling = IPClaim.of("b", "cyc", IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p"));
    long[] runs = new long[RUNS];
    for (int run = 0; run < RUNS; run++) {
      long start = System.nanoTime();
      for (int i = 0; i < CYCLES; i++) {
        engine.applyClaim(cycling);
        engine.deleteClaim("b", "cyc");
      }
      runs[run] = (System.nanoTime() - start) / CYCLES;
    }
    long start = System.nanoTime();
    for (int i = 0; i < CYCLES; i++) {
      engine.applyClaim(IPClaim.of("b", "g" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p")));
    }
    long growing = (System.nanoTime() - start) / CYCLES;
    Arrays.sort(runs);
    System.out.println(
        "claim+delete ns: median "
            + runs[RUNS / 2]
            + " min "
            + runs[0]
            + " max "
            + runs[RUNS - 1]
            + "; new claims into a growing pool ns: "
            + growing);
  }
}
