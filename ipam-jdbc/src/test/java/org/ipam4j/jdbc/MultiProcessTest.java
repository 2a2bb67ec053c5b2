package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.testsupport.EngineInvariants;
import org.junit.jupiter.api.Test;

/** Engines in separate JVM processes on one database, and a process killed mid-load. */
class MultiProcessTest {

  /** Every database of this class lives here, removed after its tests. */
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path scratch;

  private static final int WORKERS = 4;
  private static final int CLAIMS_EACH = 30;

  @Test
  void sqliteProcessesShareANearlyFullPool() throws Exception {
    raceForANearlyFullPool(sqliteUrl());
  }

  @Test
  void postgresProcessesShareANearlyFullPool() throws Exception {
    raceForANearlyFullPool(PostgresTests.freshDatabaseUrl());
  }

  @Test
  void sqliteSurvivesSigkillMidLoad() throws Exception {
    killMidLoad(sqliteUrl());
  }

  @Test
  void postgresSurvivesSigkillMidLoad() throws Exception {
    killMidLoad(PostgresTests.freshDatabaseUrl());
  }

  @Test
  void sqliteProcessesRacingOverlappingRootPoolsCreateOne() throws Exception {
    raceOverlappingRootPools(sqliteUrl());
  }

  @Test
  void postgresProcessesRacingOverlappingRootPoolsCreateOne() throws Exception {
    raceOverlappingRootPools(PostgresTests.freshDatabaseUrl());
  }

  /**
   * 4 processes, 20 rounds: in each, every process applies a root pool that overlaps the others' in
   * a fresh project, at the same moment, then claims a /24 from it if it was created.
   */
  private void raceOverlappingRootPools(String url) throws Exception {
    JdbcStore.open(url).close(); // migrate once, before the race
    int rounds = 20;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> workers = new ArrayList<>();
    List<BufferedReader> replies = new ArrayList<>();
    List<java.io.Writer> orders = new ArrayList<>();
    try {
      for (int w = 0; w < WORKERS; w++) {
        Process p =
            new ProcessBuilder(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    RootPoolWorker.class.getName(),
                    url,
                    Integer.toString(w))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        workers.add(p);
        replies.add(
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
        orders.add(new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
      }
      for (BufferedReader r : replies) {
        assertThat(r.readLine()).isEqualTo("READY");
      }
      List<String> answers = new ArrayList<>();
      for (int round = 1; round <= rounds; round++) {
        for (java.io.Writer order : orders) {
          order.write("ROUND " + round + "\n");
          order.flush();
        }
        for (BufferedReader r : replies) {
          answers.add(r.readLine());
        }
      }
      for (java.io.Writer order : orders) {
        order.close();
      }
      for (Process p : workers) {
        assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("worker exit; answers %s", answers).isZero();
      }
      try (JdbcStore store = JdbcStore.open(url)) {
        IpamEngine engine = IpamEngine.builder().store(store).build();
        for (int round = 1; round <= rounds; round++) {
          String project = "r" + round;
          assertThat(engine.listPools(project))
              .as("pools of round %d; answers %s", round, answers)
              .hasSize(1);
          List<org.ipam4j.net.Cidr> blocks =
              engine.listClaims(project).stream()
                  .map(c -> c.status().allocatedCIDR().orElseThrow())
                  .toList();
          assertThat(blocks).as("claims of round %d", round).hasSize(1);
        }
        assertThat(answers.stream().filter(a -> a.startsWith("created "))).hasSize(rounds);
        EngineInvariants.check(engine);
      }
    } finally {
      workers.forEach(Process::destroyForcibly);
    }
  }

  /** 4 processes x 30 claims of /32 into a /26 that has 64 addresses. */
  private void raceForANearlyFullPool(String url) throws Exception {
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/26")));
    }
    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      workers.add(worker(url, "w" + w, CLAIMS_EACH));
    }
    List<String> lines = new ArrayList<>();
    for (Process p : workers) {
      lines.addAll(readAll(p));
      assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as("worker exit; output %s", lines).isZero();
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      EngineInvariants.check(engine);
      List<IPClaim> claims = engine.listClaims("p");
      assertThat(claims).hasSize(WORKERS * CLAIMS_EACH);
      assertThat(claims.stream().filter(IPClaim::isBound)).hasSize(64);
      assertThat(claims.stream().filter(c -> c.status().phase() == ClaimPhase.Pending))
          .hasSize(WORKERS * CLAIMS_EACH - 64);
      assertThat(lines.stream().filter(l -> l.startsWith("Bound "))).hasSizeLessThanOrEqualTo(64);
    }
  }

  private void killMidLoad(String url) throws Exception {
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/16")));
    }
    Process p = worker(url, "k", -1);
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> committed = new ArrayList<>();
    String line;
    while ((line = reader.readLine()) != null && committed.size() < 60) {
      if (line.startsWith("Bound ")) {
        committed.add(line.split(" ")[1]);
      }
    }
    p.destroyForcibly(); // SIGKILL on Linux
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(committed).hasSize(60);
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      EngineInvariants.check(engine);
      for (String name : committed) {
        assertThat(engine.getClaim("p", name))
            .as(name)
            .hasValueSatisfying(c -> assertThat(c.isBound()).isTrue());
      }
      // Whatever the kill interrupted left nothing half-written: the invariants above hold,
      // and the engine goes on handing out blocks that overlap nothing.
      engine.applyClaim(
          IPClaim.of(
              "p",
              "after",
              org.ipam4j.model.IPClaimSpec.fromPool(org.ipam4j.net.IpFamily.IPv4, 24, "pool")));
      EngineInvariants.check(engine);
    }
  }

  private static Process worker(String url, String prefix, long count) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A worker killed with SIGKILL cannot remove the native library SQLite's driver unpacks:
    // it unpacks into this class's scratch folder, removed after the tests.
    return new ProcessBuilder(
            java,
            "-Dorg.sqlite.tmpdir=" + scratch,
            "-cp",
            System.getProperty("java.class.path"),
            ClaimWorker.class.getName(),
            url,
            prefix,
            Long.toString(count),
            "32")
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static List<String> readAll(Process p) throws IOException {
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        out.add(line);
      }
    }
    return out;
  }

  private static String sqliteUrl() throws IOException {
    return "jdbc:sqlite:" + Files.createTempDirectory(scratch, "ipam4j-mp").resolve("ipam.db");
  }
}
