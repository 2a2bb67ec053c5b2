package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.ipam4j.InvalidException;
import org.ipam4j.LockTimeoutException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer that stalls holding a lock (stopped with Ctrl-Z, partitioned) freezes no pool for longer
 * than the store's lock timeout: the others fail with a typed error naming what they waited for,
 * having changed nothing, and succeed once it is gone.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LockTimeoutTest {

  @TempDir static Path scratch;

  private static final Duration SHORT = Duration.ofMillis(700);

  private static String sqliteUrl() {
    return "jdbc:sqlite:" + scratch.resolve("db" + System.nanoTime() + ".db");
  }

  @Test
  void sqliteAPoolLockHeldByAStalledProcessTimesOut() throws Exception {
    poolLockHeldByAStalledProcess(sqliteUrl());
  }

  @Test
  void postgresAPoolLockHeldByAStalledProcessTimesOut() throws Exception {
    poolLockHeldByAStalledProcess(PostgresTests.freshDatabaseUrl());
  }

  @Test
  void sqliteTheWriteLockHeldByAStalledWriterTimesOut() throws Exception {
    String url = sqliteUrl();
    writeLockHeldElsewhere(url, "BEGIN IMMEDIATE", "the database's write lock");
  }

  @Test
  void postgresARowLockHeldByAStalledWriterTimesOut() throws Exception {
    String url = PostgresTests.freshDatabaseUrl();
    writeLockHeldElsewhere(
        url,
        "BEGIN; SELECT 1 FROM ipam_objects WHERE kind = 'IPPool' FOR" + " UPDATE",
        "a row or block lock that the commit of IPPool p/pool needs");
  }

  @Test
  void aLockTimeoutMustBePositiveAndAtMostADay() {
    for (Duration bad :
        new Duration[] {
          Duration.ZERO, Duration.ofMillis(-5), Duration.ofNanos(10), Duration.ofDays(2)
        }) {
      assertThatThrownBy(() -> JdbcStore.builder().lockTimeout(bad))
          .isInstanceOf(InvalidException.class)
          .hasMessageContaining("lockTimeout")
          .hasMessageContaining(bad.toString());
    }
  }

  private static void poolLockHeldByAStalledProcess(String url) throws Exception {
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolderWorker.class.getName(),
                url,
                "p",
                "pool")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try (JdbcStore store = JdbcStore.builder().lockTimeout(SHORT).open(url)) {
      BufferedReader reply =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(reply.readLine()).isEqualTo("HELD");
      IpamEngine engine = IpamEngine.builder().store(store).build();
      IPClaim claim = IPClaim.of("p", "c", IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool"));
      long start = System.nanoTime();
      assertThatThrownBy(() -> engine.applyClaim(claim))
          .isInstanceOfSatisfying(
              LockTimeoutException.class,
              e -> {
                assertThat(e.lock()).isEqualTo("IPPool p/pool");
                assertThat(e.statusCode()).isEqualTo(503);
              })
          .hasMessageContaining("waited 700 ms for IPPool p/pool");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
      assertThat(engine.getClaim("p", "c")).isEmpty();
      holder.getOutputStream().close();
      assertThat(holder.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(engine.applyClaim(claim).object().isBound()).isTrue();
    } finally {
      holder.destroyForcibly();
    }
  }

  /** A raw connection that begins a write and stalls, holding the database's locks. */
  private static void writeLockHeldElsewhere(String url, String stall, String lock)
      throws Exception {
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
    }
    try (JdbcStore store = JdbcStore.builder().lockTimeout(SHORT).open(url);
        Connection raw = DriverManager.getConnection(url);
        Statement s = raw.createStatement()) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      for (String statement : stall.split("; ")) {
        s.execute(statement);
      }
      assertThatThrownBy(
              () ->
                  engine.applyPool(
                      IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24"))
                          .withLabels(java.util.Map.of("a", "b"))))
          .isInstanceOfSatisfying(
              LockTimeoutException.class, e -> assertThat(e.lock()).contains(lock));
      s.execute("ROLLBACK");
      assertThat(engine.getPool("p", "pool").orElseThrow().metadata().labels()).isEmpty();
      engine.applyPool(
          IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24"))
              .withLabels(java.util.Map.of("a", "b")));
      assertThat(engine.getPool("p", "pool").orElseThrow().metadata().labels())
          .containsEntry("a", "b");
    }
  }
}
