package org.ipam4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** A batch apply of 10,000 /32 claims in one transaction, into a fresh pool; per claim. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 8)
@Measurement(iterations = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class JdbcBatchBenchmark {

  static final int CLAIMS = 10_000;

  @Param({"SQLITE", "POSTGRESQL"})
  public Dialect dialect;

  private JdbcStore store;
  private IpamEngine engine;
  private List<IPClaim> batch;
  private int round;

  @Setup(Level.Trial)
  public void open() {
    store = JdbcStore.open(JdbcClaimBenchmark.databaseUrl(dialect));
    engine = IpamEngine.builder().store(store).build();
  }

  @Setup(Level.Iteration)
  public void freshPool() {
    round++;
    engine.applyPool(
        IPPool.of("bench", "batch-" + round, IPPoolSpec.root("10." + round + ".0.0/16")));
    batch = new ArrayList<>(CLAIMS);
    for (int i = 0; i < CLAIMS; i++) {
      batch.add(
          IPClaim.of(
              "bench",
              "r" + round + "-" + i,
              IPClaimSpec.fromPool(IpFamily.IPv4, 32, "batch-" + round)));
    }
  }

  @TearDown(Level.Trial)
  public void close() {
    store.close();
  }

  @Benchmark
  @OperationsPerInvocation(CLAIMS)
  public Object applyBatch() {
    return engine.applyClaims(batch);
  }
}
