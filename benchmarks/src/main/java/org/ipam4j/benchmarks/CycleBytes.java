package org.ipam4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;

/**
 * Bytes the JVM allocates on the calling thread per in-memory claim + delete, over a pool holding
 * 10,000 claims (as {@link CycleTiming}), after 300,000 cycles of warm-up: five runs of 100,000.
 * Garbage is what the machine's noise does not blur, so two builds compare by it even when their
 * timings cannot; escape analysis makes it move a little with what the JIT inlined. Run: {@code
 * java -cp A.jar:benchmarks.jar org.ipam4j.benchmarks.CycleBytes} (this class from the second jar,
 * the engine from the first).
 */
public final class CycleBytes {

  private static final int CYCLES = 100_000;

  private CycleBytes() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    IpamEngine engine = IpamEngine.builder().recheckWaiting(Duration.ZERO).build();
    engine.applyPool(IPPool.of("b", "p", IPPoolSpec.root("10.0.0.0/8")));
    for (int i = 0; i < 10_000; i++) {
      engine.applyClaim(IPClaim.of("b", "h" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p")));
    }
    IPClaim cycling = IPClaim.of("b", "cyc", IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p"));
    for (int i = 0; i < 3 * CYCLES; i++) {
      engine.applyClaim(cycling);
      engine.deleteClaim("b", "cyc");
    }
    StringBuilder out = new StringBuilder("bytes allocated per claim+delete:");
    for (int run = 0; run < 5; run++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < CYCLES; i++) {
        engine.applyClaim(cycling);
        engine.deleteClaim("b", "cyc");
      }
      out.append(' ').append((threads.getCurrentThreadAllocatedBytes() - before) / CYCLES);
    }
    System.out.println(out);
  }
}
