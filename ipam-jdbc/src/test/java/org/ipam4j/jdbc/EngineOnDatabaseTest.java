package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ipam4j.NotFoundException;
import org.ipam4j.StorageException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.Concurrently;
import org.ipam4j.testsupport.EngineInvariants;
import org.junit.jupiter.api.Test;

/** The engine on a real database, as a service runs it: restarts, shared databases, bad data. */
abstract class EngineOnDatabaseTest {

  static final String P = "p";

  /** A URL to a new, empty database of the dialect under test. */
  abstract String newDatabaseUrl();

  /** Where the dialect's migrations live. */
  abstract String dialectFolder();

  @Test
  void claimsSurviveARestartAndTheIndexIsRebuiltFromTheDatabase() {
    String url = newDatabaseUrl();
    Cidr first;
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      first =
          engine
              .applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")))
              .object()
              .status()
              .allocatedCIDR()
              .orElseThrow();
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThat(engine.getClaim(P, "a").orElseThrow().status().allocatedCIDR()).contains(first);
      Cidr second =
          engine
              .applyClaim(IPClaim.of(P, "b", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")))
              .object()
              .status()
              .allocatedCIDR()
              .orElseThrow();
      assertThat(second.overlaps(first)).isFalse();
      EngineInvariants.check(engine);
    }
  }

  @Test
  void twoStoresOnOneDatabaseNeverHandOutTheSameBlock() throws Exception {
    String url = newDatabaseUrl();
    try (JdbcStore one = JdbcStore.open(url);
        JdbcStore two = JdbcStore.open(url)) {
      IpamEngine a = IpamEngine.builder().store(one).build();
      IpamEngine b = IpamEngine.builder().store(two).build();
      a.applyPool(IPPool.of(P, "x", IPPoolSpec.root("10.0.0.0/26")).withLabels(Map.of("t", "w")));
      a.applyPool(IPPool.of(P, "y", IPPoolSpec.root("10.0.1.0/27")).withLabels(Map.of("t", "w")));
      ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
      unexpected.addAll(
          Concurrently.run(
              4,
              5,
              t -> {
                IpamEngine engine = t % 2 == 0 ? a : b;
                Random random = new Random(t);
                for (int i = 0; i < 150; i++) {
                  int n = random.nextInt(24);
                  try {
                    if (random.nextInt(3) == 0) {
                      engine.deleteClaim(P, "k" + n);
                    } else {
                      engine.applyClaim(
                          IPClaim.of(
                              P,
                              "k" + n,
                              IPClaimSpec.fromSelector(
                                  IpFamily.IPv4,
                                  28 + n % 4,
                                  PoolSelector.matching(Map.of("t", "w")))));
                    }
                  } catch (NotFoundException expected) {
                    // deleted by another thread first
                  } catch (RuntimeException e) {
                    unexpected.add(e);
                  }
                }
              }));
      assertThat(unexpected).isEmpty();
      EngineInvariants.check(a);
      EngineInvariants.check(b);
    }
  }

  @Test
  void aBatchIsAllOrNothingInTheDatabase() {
    try (JdbcStore store = JdbcStore.open(newDatabaseUrl())) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/22")));
      List<IPClaim> batch = new ArrayList<>();
      for (int i = 0; i < 1024; i++) {
        batch.add(IPClaim.of(P, "b" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "pool")));
      }
      List<IPClaim> tooMany = new ArrayList<>(batch);
      tooMany.add(IPClaim.of(P, "extra", IPClaimSpec.fromPool(IpFamily.IPv4, 32, "pool")));
      assertThatThrownBy(() -> engine.applyClaims(tooMany))
          .isInstanceOf(org.ipam4j.ExhaustedException.class);
      assertThat(engine.listClaims(P)).isEmpty();
      assertThat(engine.applyClaims(batch)).allSatisfy(c -> assertThat(c.isBound()).isTrue());
      assertThat(engine.listAllocations(P)).hasSize(1024);
      EngineInvariants.check(engine);
    }
  }

  @Test
  void aCorruptRowGivesAClearErrorAndChangesNothing() throws SQLException {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")));
      sql(url, "UPDATE ipam_objects SET body = '{\"kind\": 7' WHERE kind = 'IPClaim'");
      long revision = store.revision();
      assertThatThrownBy(() -> engine.getClaim(P, "a"))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("row IPClaim p/a of ipam_objects is corrupt");
      assertThatThrownBy(() -> engine.deleteClaim(P, "a")).isInstanceOf(StorageException.class);
      assertThat(store.revision()).isEqualTo(revision);
      assertThat(engine.getPool(P, "pool")).isPresent();
    }
  }

  @Test
  void aPoolAlreadyReadIsStillCheckedWhenItsRowChangesUnderneath() throws SQLException {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")));
      IPPool read = engine.getPool(P, "pool").orElseThrow();
      assertThat(engine.getPool(P, "pool")).contains(read);
      // Same version, other text: what was parsed before must not stand in for it.
      sql(
          url,
          "UPDATE ipam_objects SET body = replace(body, '\"10.0.0.0/24\"',"
              + " '\"10.0.0.0/23\"') WHERE kind = 'IPPool'");
      assertThat(engine.getPool(P, "pool").orElseThrow().spec().cidr()).contains("10.0.0.0/23");
      sql(url, "UPDATE ipam_objects SET body = '[' WHERE kind = 'IPPool'");
      assertThatThrownBy(() -> engine.getPool(P, "pool"))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("row IPPool p/pool of ipam_objects is corrupt");
    }
  }

  /** The query plan of {@code sql} on a fresh database, as the dialect's EXPLAIN prints it. */
  abstract String planOf(String url, String sql) throws SQLException;

  @Test
  void theHotReadsUseTheirIndexesOnAFreshDatabase() throws SQLException {
    // Before statistics exist the planners guess; an engine refreshing its index must still
    // read only what changed, not scan the pool (which two overlapping indexes let PostgreSQL do,
    // so that four engines sharing a pool slowed as it filled).
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/20")));
      List<IPClaim> batch = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        batch.add(IPClaim.of(P, "c" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "pool")));
      }
      engine.applyClaims(batch);
      assertThat(planOf(url, store.poolBlocksSql()))
          .contains("ipam_objects_allocations_by_version")
          .doesNotContain("ipam_objects_blocks");
      // PostgreSQL scans a table whose null fraction it has not measured; once it has, the
      // small partial index serves the queue (naming the kind drew it to scan every claim).
      sql(url, "ANALYZE");
      assertThat(planOf(url, Rows.PENDING_SQL)).contains("ipam_objects_pending");
      // What a change to one pool reads: the claims waiting on it, and a new root pool's
      // neighbour.
      assertThat(planOf(url, Rows.pendingByKeySql(3))).contains("ipam_objects_waiting");
      assertThat(planOf(url, Rows.ROOT_OVERLAP_SQL)).contains("ipam_objects_root_pools");
    }
  }

  @Test
  void aDatabaseFromANewerReleaseIsRefused() throws SQLException {
    String url = newDatabaseUrl();
    JdbcStore.open(url).close();
    sql(url, "UPDATE ipam_schema SET version = 99");
    assertThatThrownBy(() -> JdbcStore.open(url))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(
            "schema is version 99, newer than this release supports ("
                + JdbcStore.SCHEMA_VERSION
                + ")");
  }

  @Test
  void aVersionOneDatabaseIsUpgradedKeepingItsDataAndBlocks() throws Exception {
    String url = newDatabaseUrl();
    // The database exactly as release 1 left it: its schema, and rows it wrote.
    String v1 =
        new String(
            JdbcStore.class.getResourceAsStream(dialectFolder() + "/V1.sql").readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    for (String statement : v1.split(";\\s*\\n")) {
      if (!statement.isBlank()) {
        sql(url, statement.trim().replaceAll(";$", ""));
      }
    }
    sql(url, "CREATE TABLE ipam_schema (version INTEGER NOT NULL)");
    sql(url, "INSERT INTO ipam_schema (version) VALUES (1)");
    String rv = "7";
    IPPool pool = IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24"));
    String cidrCast =
        dialectFolder().equals("postgresql") ? "CAST('10.0.0.0/25' AS inet)" : "'10.0.0.0/25'";
    try (JdbcStore scratch = JdbcStore.open(newDatabaseUrl())) {
      // Bodies as releases before schema 9 wrote them, the API's whole JSON: a pool, a claim and
      // its allocation holding 10.0.0.0/25. The claim made after the upgrade is stored compact.
      IpamEngine engine = IpamEngine.builder().store(scratch).build();
      engine.applyPool(pool);
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "pool")));
      for (org.ipam4j.model.IpamObject o :
          List.<org.ipam4j.model.IpamObject>of(
              scratch.get(IPPool.class, P, "pool").orElseThrow(),
              scratch.get(IPClaim.class, P, "a").orElseThrow(),
              scratch.list(IPAllocation.class, java.util.Optional.of(P)).get(0))) {
        String body =
            org.ipam4j.yaml.Manifests.strict()
                .toJsonLine(o.withMetadata(o.metadata().withResourceVersion(Long.parseLong(rv))))
                .replace("'", "''");
        boolean alloc = o instanceof IPAllocation;
        sql(
            url,
            "INSERT INTO ipam_objects (kind, project, name, resource_version, pool_key,"
                + " cidr, body) VALUES ('"
                + o.kind()
                + "', 'p', '"
                + o.metadata().name()
                + "', "
                + rv
                + ", "
                + (alloc ? "'p/pool', " + cidrCast : "NULL, NULL")
                + ", '"
                + body
                + "')");
      }
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThat(engine.getClaim(P, "a").orElseThrow().status().allocatedCIDR())
          .contains(Cidr.parse("10.0.0.0/25"));
      // The backfilled block is enforced: the next claim gets the other half.
      assertThat(
              engine
                  .applyClaim(IPClaim.of(P, "b", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "pool")))
                  .object()
                  .status()
                  .allocatedCIDR())
          .contains(Cidr.parse("10.0.0.128/25"));
      EngineInvariants.check(engine);
    }
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT version FROM ipam_schema")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(JdbcStore.SCHEMA_VERSION);
    }
    assertThatThrownBy(() -> insertRogueBlock(url, "rogue", Cidr.parse("10.0.0.64/26")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_no_overlapping_blocks");
    // V5 backfilled the root pool's block: an overlapping root pool row is refused.
    assertThatThrownBy(() -> insertRogueRootPool(url, "rogue", Cidr.parse("10.0.0.0/16")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_no_overlapping_root_pools");
  }

  @Test
  void aVersionSevenDatabaseLearnsWhatItsWaitingClaimsWaitOn() throws Exception {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(IPClaim.of(P, "first", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "pool")));
      engine.applyClaim(IPClaim.of(P, "waits", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "pool")));
    }
    // Back to schema 7, which had no waits_on column.
    sql(url, "DROP INDEX ipam_objects_waiting");
    sql(url, "ALTER TABLE ipam_objects DROP COLUMN waits_on");
    sql(url, "UPDATE ipam_schema SET version = 7");
    try (JdbcStore store = JdbcStore.open(url)) {
      assertThat(store.pendingClaims(List.of(P + "/pool")))
          .extracting(c -> c.metadata().name())
          .containsExactly("waits");
      IpamEngine engine = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
      engine.deleteClaim(P, "first");
      assertThat(engine.getClaim(P, "waits").orElseThrow().isBound()).isTrue();
      assertThat(engine.check().findings()).isEmpty();
    }
  }

  @Test
  void aClaimHeldBackWhileAccessIsRevokedIsRefused() throws Exception {
    String url = newDatabaseUrl();
    try (JdbcStore engines = JdbcStore.open(url);
        JdbcStore other = JdbcStore.open(url)) {
      org.ipam4j.testsupport.RevocationRace.run(engines, other);
    }
  }

  @Test
  void theDatabaseItselfRefusesOverlappingRootPoolsInAProject() throws SQLException {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.1.0.0/16")));
    }
    // Rows written behind the store's back, as a bug, another program or a hand edit would.
    for (String rogue : List.of("10.1.0.0/17", "10.0.0.0/8", "10.1.0.0/16", "10.1.200.7/32")) {
      assertThatThrownBy(() -> insertRogueRootPool(url, "rogue", Cidr.parse(rogue)))
          .as(rogue)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("ipam_no_overlapping_root_pools");
    }
    // A root pool row without the columns the trigger reads is refused too.
    assertThatThrownBy(
            () ->
                sql(
                    url,
                    "INSERT INTO ipam_objects (kind, project, name,"
                        + " resource_version, body) VALUES ('IPPool', 'p', 'blind', 999,"
                        + " '{\"spec\":{\"cidr\":\"10.1.0.0/17\"}}')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_root_pool_without_block");
    // Beside it, in another family or project: fine; moving one onto the first is not.
    insertRogueRootPool(url, "beside", Cidr.parse("10.2.0.0/16"));
    sql(
        url,
        "INSERT INTO ipam_objects (kind, project, name, resource_version, body, block_lo,"
            + " block_hi, root_space) VALUES ('IPPool', 'q', 'elsewhere', 999, '{}', '"
            + BlockColumns.low(Cidr.parse("10.1.0.0/16"))
            + "', '"
            + BlockColumns.high(Cidr.parse("10.1.0.0/16"))
            + "', 'q/IPv4')");
    Cidr onto = Cidr.parse("10.1.0.0/24");
    assertThatThrownBy(() -> moveBlock(url, "beside", onto))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_no_overlapping_root_pools");
    sql(url, "DELETE FROM ipam_objects WHERE name IN ('beside', 'elsewhere')");
    try (JdbcStore store = JdbcStore.open(url)) {
      assertThat(store.list(IPPool.class, java.util.Optional.of(P)))
          .extracting(p -> p.metadata().name())
          .containsExactly("pool");
    }
  }

  /** A root pool row written behind the store's back; its body does not parse (it is not read). */
  static void insertRogueRootPool(String url, String name, Cidr block) throws SQLException {
    sql(
        url,
        "INSERT INTO ipam_objects (kind, project, name, resource_version, body, block_lo,"
            + " block_hi, root_space) VALUES ('IPPool', 'p', '"
            + name
            + "', 999, '{}', '"
            + BlockColumns.low(block)
            + "', '"
            + BlockColumns.high(block)
            + "', 'p/"
            + block.family()
            + "')");
  }

  @Test
  void theDatabaseItselfRefusesOverlappingBlocksInAPool() throws SQLException {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "pool")));
    }
    // As a bug (or a hand edit) would: rows whose blocks overlap the first, inside and around it.
    for (String rogue : List.of("10.0.0.64/26", "10.0.0.0/24", "10.0.0.0/25")) {
      Cidr block = Cidr.parse(rogue);
      assertThatThrownBy(() -> insertRogueBlock(url, "rogue", block))
          .as(rogue)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("ipam_no_overlapping_blocks");
    }
    // A block beside it is fine; moving it onto the first one is not.
    Cidr free = Cidr.parse("10.0.0.128/25");
    insertRogueBlock(url, "beside", free);
    Cidr onto = Cidr.parse("10.0.0.0/26");
    assertThatThrownBy(() -> moveBlock(url, "beside", onto))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_no_overlapping_blocks");
  }

  /**
   * Reservations, a specific block and a quarantine on the database: the rows a pool's reservations
   * write and delete, a restart that rebuilds the index with them, and a pool deleted with its own
   * reservations in one commit.
   */
  @Test
  void reservationsSpecificBlocksAndQuarantinesLiveInTheDatabase() {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
      engine.applyPool(
          IPPool.of(
              P,
              "edge",
              IPPoolSpec.root("10.9.0.0/29")
                  .withReservations(org.ipam4j.model.Reservations.edges(1, 1, 32))
                  .withAllocation(
                      org.ipam4j.model.AllocationPolicy.defaults().withReuseGracePeriod("1h"))));
      engine.applyClaim(
          IPClaim.of(
              P, "gw", IPClaimSpec.fromPool(IpFamily.IPv4, 32, "edge").withAddress("10.9.0.1")));
      assertThatThrownBy(
              () ->
                  engine.applyClaim(
                      IPClaim.of(
                          P,
                          "taken",
                          IPClaimSpec.fromPool(IpFamily.IPv4, 32, "edge").withAddress("10.9.0.7"))))
          .isInstanceOf(org.ipam4j.ConflictException.class)
          .hasMessageContaining("a reservation of IPPool edge");
      engine.deleteClaim(P, "gw"); // quarantined for an hour
      EngineInvariants.check(engine);
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
      // After a restart the index holds the reservations and the quarantined block: /30s left.
      List<String> blocks = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        IPClaim c =
            engine
                .applyClaim(IPClaim.of(P, "h" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "edge")))
                .object();
        c.status().allocatedCIDR().ifPresent(b -> blocks.add(b.toString()));
      }
      assertThat(blocks).doesNotContain("10.9.0.0/32", "10.9.0.1/32", "10.9.0.7/32");
      EngineInvariants.check(engine);
      for (int i = 0; i < 3; i++) {
        engine.deleteClaim(P, "h" + i);
      }
      for (IPAllocation a : engine.listAllocations(P)) {
        if (a.spec().isRetained()) {
          engine.deleteAllocation(P, a.metadata().name()); // quarantined: freed at once
        }
      }
      engine.deletePool(P, "edge");
      assertThat(engine.listAllocations(P)).isEmpty();
      assertThat(engine.check().findings()).isEmpty();
    }
  }

  @Test
  void openingTwiceMigratesOnce() {
    String url = newDatabaseUrl();
    JdbcStore.open(url).close();
    try (JdbcStore again = JdbcStore.open(url)) {
      assertThat(again.list(IPAllocation.class, java.util.Optional.empty())).isEmpty();
    }
  }

  /** An allocation row written behind the engine's back, as a bug or a hand edit would. */
  static void insertRogueBlock(String url, String name, Cidr block) throws SQLException {
    sql(
        url,
        "INSERT INTO ipam_objects (kind, project, name, resource_version, pool_key, body,"
            + " block_lo, block_hi) VALUES ('IPAllocation', 'p', '"
            + name
            + "', 999, 'p/pool', '{}',"
            + " '"
            + BlockColumns.low(block)
            + "', '"
            + BlockColumns.high(block)
            + "')");
  }

  /** Moves a row's block columns by hand, as a hand edit would. */
  static void moveBlock(String url, String name, Cidr onto) throws SQLException {
    sql(
        url,
        "UPDATE ipam_objects SET block_lo = '"
            + BlockColumns.low(onto)
            + "', block_hi = '"
            + BlockColumns.high(onto)
            + "' WHERE name = '"
            + name
            + "'");
  }

  /**
   * A large commit's change rows (on PostgreSQL, one COPY of them) read back as committed: every
   * claim and allocation of the set once, exactly as stored, whatever characters its text holds.
   */
  @Test
  void aLargeCommitsChangesReadBackExactlyWhateverTheirTextHolds() {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/16")));
      long start = store.revision();
      List<IPClaim> set = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        IPClaim claim = IPClaim.of(P, "c" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "pool"));
        set.add(
            claim.withMetadata(
                claim
                    .metadata()
                    .withAnnotations(Map.of("note", "a\ttab\there,\na line\\ and \u00e9 " + i))));
      }
      engine.applyClaims(set);
      var page = store.changesAfter(start, 10);
      assertThat(page.changes()).hasSize(201);
      int claims = 0;
      for (var change : page.changes()) {
        assertThat(change.type())
            .isIn(org.ipam4j.watch.Change.Type.ADDED, org.ipam4j.watch.Change.Type.MODIFIED);
        var object = change.object();
        assertThat(object)
            .isEqualTo(store.get(object.getClass(), P, object.metadata().name()).orElseThrow());
        if (object instanceof IPClaim claim) {
          claims++;
          assertThat(claim.metadata().annotations().get("note")).contains("\t").contains("\n");
        }
      }
      assertThat(claims).isEqualTo(100);
    }
  }

  static void sql(String url, String statement) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }
}
