package org.ipam4j.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * 2,000 claims by selector into one /8, through ipam4j's engine and through the reference server's
 * algorithm ({@link ReferenceStyleEngine}), in the same run. The reference cost per claim grows
 * with the allocations held; 2,000 is the size the API page measured it at (about 1 ms a claim in
 * Go).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class EngineVersusReferenceBenchmark {

  static final int CLAIMS = 2_000;
  private static final Map<String, String> WEB = Map.of("tier", "web");

  private IpamEngine engine;
  private ReferenceStyleEngine reference;
  private IPClaim[] claims;

  @Setup(Level.Iteration)
  public void setUp() {
    engine = IpamEngine.inMemory();
    engine.applyPool(
        org.ipam4j.model.IPPool.of("bench", "web", org.ipam4j.model.IPPoolSpec.root("10.0.0.0/8"))
            .withLabels(WEB));
    reference = new ReferenceStyleEngine();
    reference.addPool("web", Cidr.parse("10.0.0.0/8"), WEB);
    claims = new IPClaim[CLAIMS];
    for (int i = 0; i < CLAIMS; i++) {
      claims[i] =
          IPClaim.of(
              "bench",
              "c-" + i,
              IPClaimSpec.fromSelector(IpFamily.IPv4, 24, PoolSelector.matching(WEB)));
    }
  }

  @Benchmark
  @OperationsPerInvocation(CLAIMS)
  public IpamEngine ipam4j() {
    for (IPClaim claim : claims) {
      engine.applyClaim(claim);
    }
    return engine;
  }

  @Benchmark
  @OperationsPerInvocation(CLAIMS)
  public ReferenceStyleEngine referenceAlgorithm() {
    for (int i = 0; i < CLAIMS; i++) {
      reference.claim("c-" + i, WEB, 24);
    }
    return reference;
  }
}
