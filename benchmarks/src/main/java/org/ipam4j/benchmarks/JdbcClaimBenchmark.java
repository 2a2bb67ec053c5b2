package org.ipam4j.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.jdbc.testsupport.PostgresServer;
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
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Claims per second through engines on a real database, each engine with its own store (its own
 * connection pool), as separate processes would have. {@code pools=shared}: every engine claims
 * from one pool, so commits serialize on that pool's row; {@code pools=own}: each engine has its
 * own pool. PostgreSQL runs with its defaults, synchronous commit on.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// At about a thousand claims a second the JIT needs some fifteen seconds to compile the paths a
// claim takes (driver, JSON, engine); shorter warm-ups measured half the steady rate.
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class JdbcClaimBenchmark {

  @Param({"SQLITE", "POSTGRESQL"})
  public Dialect dialect;

  @Param({"shared", "own"})
  public String pools;

  String url;

  @Setup(Level.Trial)
  public void database() {
    url = databaseUrl(dialect);
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      for (int i = 0; i < 4; i++) {
        engine.applyPool(
            IPPool.of("bench", "p-" + i, IPPoolSpec.root("10." + (16 * i) + ".0.0/12")));
      }
    }
  }

  static String databaseUrl(Dialect dialect) {
    if (dialect == Dialect.POSTGRESQL) {
      return PostgresServer.freshDatabaseUrl();
    }
    try {
      return "jdbc:sqlite:" + Files.createTempDirectory("ipam4j-bench").resolve("ipam.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One engine per benchmark thread. */
  @State(Scope.Thread)
  public static class Engine {
    JdbcStore store;
    IpamEngine engine;
    IPClaimSpec spec;
    String prefix;
    long next;

    @Setup(Level.Trial)
    public void open(JdbcClaimBenchmark benchmark, ThreadParams thread) {
      store = JdbcStore.open(benchmark.url);
      engine = IpamEngine.builder().store(store).build();
      int pool = benchmark.pools.equals("shared") ? 0 : thread.getThreadIndex();
      spec = IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p-" + pool);
      prefix = "t" + thread.getThreadIndex() + "-";
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }

    Object claim() {
      return engine.applyClaim(IPClaim.of("bench", prefix + next++, spec));
    }
  }

  @Benchmark
  @Threads(1)
  public Object oneEngine(Engine engine) {
    return engine.claim();
  }

  @Benchmark
  @Threads(4)
  public Object fourEngines(Engine engine) {
    return engine.claim();
  }
}
