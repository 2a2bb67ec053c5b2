package org.ipam4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.net.IpFamily;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Apply a claim, then delete it, in a pool that holds 10,000 other claims: steady state. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class EngineCycleBenchmark {

  private IpamEngine engine;
  private IPClaim cycling;

  @Setup(Level.Trial)
  public void setUp() {
    engine = IpamEngine.inMemory();
    EngineBenchmark.createPools(engine, 1);
    for (int i = 0; i < 10_000; i++) {
      engine.applyClaim(
          IPClaim.of("bench", "held-" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p-0")));
    }
    cycling = IPClaim.of("bench", "cycling", IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p-0"));
  }

  @Benchmark
  public IpamEngine applyThenDelete() {
    engine.applyClaim(cycling);
    engine.deleteClaim("bench", "cycling");
    return engine;
  }
}
