package org.ipam4j.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Claims through the whole engine, in memory, on one thread: each invocation binds {@code claims}
 * new /32 claims in a fresh engine, against one pool by reference or against 1,000 pools chosen by
 * label selector (claim i selects {@code pool=p-(i mod pools)}). Reported per claim.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 10)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g"})
public class EngineBenchmark {

  static final int CLAIMS = 100_000;

  @Param({"1", "1000"})
  public int pools;

  private IpamEngine engine;
  private IPClaim[] claims;

  @Setup(Level.Iteration)
  public void setUp() {
    engine = IpamEngine.inMemory();
    claims = new IPClaim[CLAIMS];
    createPools(engine, pools);
    for (int i = 0; i < CLAIMS; i++) {
      IPClaimSpec spec = pools == 1
          ? IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p-0")
          : IPClaimSpec.fromSelector(IpFamily.IPv4, 32,
              PoolSelector.matching(Map.of("pool", "p-" + (i % pools))));
      claims[i] = IPClaim.of("bench", "c-" + i, spec);
    }
  }

  /** Pool i is 10.0.0.0/8 alone, or the i-th /20 of it. */
  static void createPools(IpamEngine engine, int count) {
    for (int i = 0; i < count; i++) {
      String cidr = count == 1 ? "10.0.0.0/8"
          : Cidr.ipv4(0x0A000000 + (i << 12), 20).toString();
      engine.applyPool(IPPool.of("bench", "p-" + i, IPPoolSpec.root(cidr))
          .withLabels(Map.of("pool", "p-" + i)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(CLAIMS)
  public IpamEngine applyClaims() {
    for (IPClaim claim : claims) {
      engine.applyClaim(claim);
    }
    return engine;
  }
}
