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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Claims through the whole engine, in memory, on one thread: each invocation binds one new /32
 * claim, against one pool by reference or against 1,000 pools chosen by label selector (claim i
 * selects {@code pool=p-(i mod pools)}). Each iteration starts from a fresh engine, so the store
 * grows by every claim of the iteration, as it does when a service fills a pool.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx8g"})
public class EngineBenchmark {

  @Param({"1", "1000"})
  public int pools;

  private IpamEngine engine;
  private IPClaimSpec[] specs;
  private int next;

  @Setup(Level.Iteration)
  public void setUp() {
    engine = IpamEngine.inMemory();
    createPools(engine, pools);
    specs = new IPClaimSpec[pools];
    for (int i = 0; i < pools; i++) {
      specs[i] =
          pools == 1
              ? IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p-0")
              : IPClaimSpec.fromSelector(
                  IpFamily.IPv4, 32, PoolSelector.matching(Map.of("pool", "p-" + i)));
    }
    next = 0;
  }

  /** Pool i is 10.0.0.0/8 alone, or the i-th /20 of it. */
  static void createPools(IpamEngine engine, int count) {
    for (int i = 0; i < count; i++) {
      String cidr = count == 1 ? "10.0.0.0/8" : Cidr.ipv4(0x0A000000 + (i << 12), 20).toString();
      engine.applyPool(
          IPPool.of("bench", "p-" + i, IPPoolSpec.root(cidr)).withLabels(Map.of("pool", "p-" + i)));
    }
  }

  @Benchmark
  public Object applyClaim() {
    int i = next++;
    return engine.applyClaim(IPClaim.of("bench", "c-" + i, specs[i % pools]));
  }
}
