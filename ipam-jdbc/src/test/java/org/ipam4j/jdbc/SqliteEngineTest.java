package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

class SqliteEngineTest extends EngineOnDatabaseTest {

  /** Every database of this class lives here, removed after its tests. */
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path scratch;

  @Override
  String newDatabaseUrl() {
    try {
      return "jdbc:sqlite:"
          + Files.createTempDirectory(scratch, "ipam4j-sqlite").resolve("ipam.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  String dialectFolder() {
    return "sqlite";
  }

  @Override
  String planOf(String url, String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        plan.append(rs.getString(4)).append('\n');
      }
    }
    return plan.toString();
  }

  @org.junit.jupiter.api.Test
  void urlsThatKeepNothingOrNameAMissingFolderAreRefused() {
    for (String url :
        java.util.List.of(
            "jdbc:sqlite:",
            "jdbc:sqlite::memory:",
            "jdbc:sqlite:file::memory:?cache=shared",
            "jdbc:sqlite:file:x.db?mode=memory")) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> JdbcStore.open(url))
          .as(url)
          .isInstanceOf(org.ipam4j.InvalidException.class)
          .hasMessageContaining("names no file");
    }
    String missing = scratch.resolve("no/such/folder/ipam.db").toString();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> JdbcStore.open("jdbc:sqlite:" + missing))
        .isInstanceOf(org.ipam4j.InvalidException.class)
        .hasMessageContaining("the folder " + scratch.resolve("no/such/folder"))
        .hasMessageContaining("does not exist");
  }

  /** Two stores of one JVM on one file, spelled differently, share their pool locks. */
  @org.junit.jupiter.api.Test
  void twoSpellingsOfOneFileShareTheirLocks() throws Exception {
    java.nio.file.Path folder = Files.createTempDirectory(scratch, "ipam4j-spell");
    try (JdbcStore a = JdbcStore.open("jdbc:sqlite:" + folder.resolve("ol.db"));
        JdbcStore b = JdbcStore.open("jdbc:sqlite:" + folder.resolve(".").resolve("ol.db"))) {
      org.ipam4j.engine.IpamEngine[] engines = {
        org.ipam4j.engine.IpamEngine.builder().store(a).build(),
        org.ipam4j.engine.IpamEngine.builder().store(b).build()
      };
      engines[0].applyPool(
          org.ipam4j.model.IPPool.of(P, "pool", org.ipam4j.model.IPPoolSpec.root("10.0.0.0/16")));
      java.util.List<Throwable> thrown =
          org.ipam4j.testsupport.Concurrently.run(
              4,
              2,
              t -> {
                for (int i = 0; i < 60; i++) {
                  engines[t % 2].applyClaim(
                      org.ipam4j.model.IPClaim.of(
                          P,
                          "c" + t + "-" + i,
                          org.ipam4j.model.IPClaimSpec.fromPool(
                              org.ipam4j.net.IpFamily.IPv4, 28, "pool")));
                }
              });
      org.assertj.core.api.Assertions.assertThat(thrown).isEmpty();
      org.assertj.core.api.Assertions.assertThat(engines[1].listClaims(P)).hasSize(240);
      org.ipam4j.testsupport.EngineInvariants.check(engines[1]);
    }
  }

  /**
   * SQLite before 3.48 (Debian's sqlite3 CLI, many tools) refuses to open a database with a trigger
   * whose RAISE message is computed: every trigger raises a literal, and where a sqlite3 CLI is
   * installed, it reads a store.
   */
  @org.junit.jupiter.api.Test
  void olderSqliteReadersCanOpenTheStore() throws Exception {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      org.ipam4j.engine.IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(
              org.ipam4j.model.IPPool.of(
                  P, "pool", org.ipam4j.model.IPPoolSpec.root("10.0.0.0/16")));
    }
    java.util.List<String> triggers = new java.util.ArrayList<>();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps =
            c.prepareStatement("SELECT sql FROM sqlite_master WHERE type = 'trigger'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        triggers.add(rs.getString(1));
      }
    }
    org.assertj.core.api.Assertions.assertThat(triggers)
        .hasSize(5)
        .allSatisfy(
            sql ->
                org.assertj.core.api.Assertions.assertThat(sql.split("RAISE\\(").length - 1)
                    .isEqualTo(sql.split("RAISE\\(ABORT, '[a-z_]+'\\)").length - 1));
    java.nio.file.Path cli = java.nio.file.Path.of("/usr/bin/sqlite3");
    if (Files.isExecutable(cli)) {
      Process p =
          new ProcessBuilder(
                  cli.toString(),
                  url.substring("jdbc:sqlite:".length()),
                  "SELECT count(*) FROM ipam_objects")
              .redirectErrorStream(true)
              .start();
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      org.assertj.core.api.Assertions.assertThat(p.waitFor()).as(out).isZero();
      org.assertj.core.api.Assertions.assertThat(out.trim()).isEqualTo("1");
    }
  }

  /** ipam-jdbc's drivers are optional: without the one a URL needs, the error names it. */
  @org.junit.jupiter.api.Test
  void aMissingDriverIsNamedWithTheArtifactToAdd() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                SqlDialect.requireDriver(
                    "org.example.NoSuchDriver", "org.example:no-such-driver", "jdbc:example:x"))
        .isInstanceOf(org.ipam4j.InvalidException.class)
        .hasMessageContaining("org.example.NoSuchDriver")
        .hasMessageContaining("add the dependency org.example:no-such-driver");
    SqlDialect.requireDriver("org.sqlite.JDBC", "org.xerial:sqlite-jdbc", "jdbc:sqlite:x");
  }

  /** A large commit encodes its rows on the host's executor; one that refuses is no failure. */
  @org.junit.jupiter.api.Test
  void largeCommitsEncodeOnTheHostsExecutorAndARefusalIsNoFailure() {
    java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
    java.util.List<java.util.concurrent.Executor> executors =
        java.util.List.of(
            task -> {
              ran.incrementAndGet();
              new Thread(task, "host-encoder").start();
            },
            task -> {
              throw new java.util.concurrent.RejectedExecutionException("busy");
            });
    for (java.util.concurrent.Executor executor : executors) {
      try (JdbcStore store = JdbcStore.builder().executor(executor).open(newDatabaseUrl())) {
        org.ipam4j.engine.IpamEngine engine =
            org.ipam4j.engine.IpamEngine.builder().store(store).build();
        engine.applyPool(
            org.ipam4j.model.IPPool.of(P, "pool", org.ipam4j.model.IPPoolSpec.root("10.0.0.0/16")));
        java.util.List<org.ipam4j.model.IPClaim> claims = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
          claims.add(
              org.ipam4j.model.IPClaim.of(
                  P,
                  "c" + i,
                  org.ipam4j.model.IPClaimSpec.fromPool(org.ipam4j.net.IpFamily.IPv4, 28, "pool")));
        }
        engine.applyClaims(claims);
        org.assertj.core.api.Assertions.assertThat(engine.listClaims(P)).hasSize(600);
        org.ipam4j.testsupport.EngineInvariants.check(engine);
      }
    }
    org.assertj.core.api.Assertions.assertThat(ran.get()).isPositive();
  }
}
