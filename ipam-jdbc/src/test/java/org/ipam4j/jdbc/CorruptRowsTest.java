package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ipam4j.StorageException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.engine.StoreCheck;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Rows edited by hand (sqlite3, psql) so that they break a rule: each is a {@link StorageException}
 * naming the row and what is wrong, at once (never retried as contention for the retry budget),
 * never blamed on the caller's input; the database refuses the edits it can.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CorruptRowsTest {

  static final String P = "p";
  static final String ALLOC = IPAllocation.nameForClaim(P, "c1");

  abstract String newDatabaseUrl();

  String url;

  @BeforeEach
  void oneClaimInAPool() {
    url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      assertThat(engine.applyClaim(claim("c1")).object().status().allocatedCIDR())
          .contains(Cidr.parse("10.0.0.0/28"));
    }
  }

  static IPClaim claim(String name) {
    return IPClaim.of(P, name, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool"));
  }

  void sql(String statement) throws SQLException {
    EngineOnDatabaseTest.sql(url, statement);
  }

  @Test
  void aBodyWhoseNameDiffersFromItsKeyNamesTheRow() throws SQLException {
    // A body as releases before schema 9 wrote it, which states its own kind, name and version.
    sql(
        "UPDATE ipam_objects SET body = replace(body, '{\"metadata\":{',"
            + " '{\"apiVersion\":\"ipam.miloapis.com/v1alpha1\",\"kind\":\"IPClaim\","
            + "\"metadata\":{\"name\":\"cx\",\"namespace\":\"p\",\"resourceVersion\":\"'"
            + " || resource_version || '\",') WHERE kind = 'IPClaim' AND name = 'c1'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThatThrownBy(() -> engine.applyClaim(claim("c1")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("row IPClaim p/c1")
          .hasMessageContaining("does not match its key and version");
    }
  }

  @Test
  void aCompactBodyThatNamesItselfNamesTheRow() throws SQLException {
    // A compact body takes its name from the row: one that states a name of its own is corrupt.
    sql(
        "UPDATE ipam_objects SET body = replace(body, '{\"metadata\":{',"
            + " '{\"metadata\":{\"name\":\"c1\",') WHERE kind = 'IPClaim' AND name = 'c1'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThatThrownBy(() -> engine.applyClaim(claim("c1")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("row IPClaim p/c1")
          .hasMessageContaining("metadata: name or namespace given");
    }
  }

  @Test
  void aCidrColumnThatDiffersFromTheBodyNamesTheRow() throws SQLException {
    sql("UPDATE ipam_objects SET cidr = '10.0.0.128/28' WHERE kind = 'IPAllocation'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThatThrownBy(() -> engine.applyClaim(claim("c2")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("IPAllocation p/" + ALLOC)
          .hasMessageContaining("10.0.0.128/28")
          .hasMessageContaining("10.0.0.0/28");
    }
  }

  @Test
  void anAllocationOutsideItsPoolNamesTheRowNotTheInput() throws SQLException {
    sql(
        "UPDATE ipam_objects SET cidr = '10.9.0.0/28', block_lo = '"
            + BlockColumns.low(Cidr.parse("10.9.0.0/28"))
            + "', block_hi = '"
            + BlockColumns.high(Cidr.parse("10.9.0.0/28"))
            + "', body = replace(body,"
            + " '10.0.0.0/28', '10.9.0.0/28') WHERE kind = 'IPAllocation'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThatThrownBy(() -> engine.applyClaim(claim("c2")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("IPAllocation p/" + ALLOC)
          .hasMessageContaining("10.9.0.0/28 is not inside IPPool p/pool");
      // In a set too: the error is the store's, not placed at the object applied.
      assertThat(engine.applyAll(List.of(claim("c2"))).problems())
          .singleElement()
          .satisfies(
              p ->
                  assertThat(p.error())
                      .isInstanceOf(StorageException.class)
                      .hasMessageStartingWith("row IPAllocation p/" + ALLOC));
    }
  }

  @Test
  void theDatabaseRefusesDeletingTheAllocationOfABoundClaim() throws SQLException {
    assertThatThrownBy(() -> sql("DELETE FROM ipam_objects WHERE kind = 'IPAllocation'"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("ipam_allocation_still_bound");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThat(engine.applyClaim(claim("c2")).object().status().allocatedCIDR())
          .contains(Cidr.parse("10.0.0.16/28"));
      engine.deleteClaim(P, "c1"); // the store's own deletes go claim first
      assertThat(engine.getAllocation(P, ALLOC)).isEmpty();
    }
  }

  @Test
  void aBoundClaimWithoutItsAllocationNamesBoth() throws SQLException {
    dropAllocationGuard();
    sql("DELETE FROM ipam_objects WHERE kind = 'IPAllocation'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThatThrownBy(() -> engine.applyClaim(claim("c1")))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("IPClaim p/c1")
          .hasMessageContaining("IPAllocation " + ALLOC)
          .hasMessageContaining("does not exist");
    }
  }

  @Test
  void anOrphanedAllocationCanBeDeletedByName() throws SQLException {
    sql("DELETE FROM ipam_objects WHERE kind = 'IPClaim'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.deleteAllocation(P, ALLOC);
      assertThat(engine.getAllocation(P, ALLOC)).isEmpty();
      assertThat(engine.applyClaim(claim("c2")).object().status().allocatedCIDR())
          .contains(Cidr.parse("10.0.0.0/28"));
    }
  }

  /**
   * A block written behind a running engine's back, at a version it has already read past: the
   * database refuses the engine's commit as overlapping, and the engine reads the pool afresh
   * instead of retrying on what it had.
   */
  @Test
  void aBlockTheEngineCannotSeeIsReadAfreshNotRetriedForever() throws SQLException {
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyClaim(claim("warm"));
      Cidr rogue = Cidr.parse("10.0.0.32/28");
      sql(
          "INSERT INTO ipam_objects (kind, project, name, resource_version, pool_key, cidr,"
              + " body, block_lo, block_hi) SELECT kind, project, 'rogue', 1, pool_key, '"
              + rogue
              + "', replace(replace(body, '10.0.0.0/28', '"
              + rogue
              + "'), '"
              + ALLOC
              + "', 'rogue'), '"
              + BlockColumns.low(rogue)
              + "', '"
              + BlockColumns.high(rogue)
              + "' FROM ipam_objects WHERE kind = 'IPAllocation' AND name = '"
              + ALLOC
              + "'");
      assertThat(engine.applyClaim(claim("c3")).object().status().allocatedCIDR())
          .contains(Cidr.parse("10.0.0.48/28"));
    }
  }

  /**
   * One store broken every way a hand edit can: the check names each problem, on one line, and
   * every object it names can then be deleted by name, after which the check is clean.
   */
  @Test
  void aRootPoolWhoseColumnsDifferFromItsBodyIsWrittenWholeByItsNextChange() throws SQLException {
    // A pool's write names only its version and body when its columns are what the body says;
    // here they are not, so the next change (a claim's, which rewrites the pool's status) must
    // write them in full, not be refused as stale nor leave them wrong.
    sql("UPDATE ipam_objects SET block_hi = block_lo WHERE kind = 'IPPool' AND name = 'pool'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      assertThat(engine.check().findings())
          .extracting(StoreCheck.Finding::toString)
          .singleElement()
          .satisfies(l -> assertThat(l).contains("row IPPool p/pool of ipam_objects is corrupt"));
      assertThat(engine.applyClaim(claim("c2")).object().status().allocatedCIDR())
          .contains(Cidr.parse("10.0.0.16/28"));
      assertThat(engine.check().findings()).isEmpty();
    }
  }

  @Test
  void theCheckFindsEveryProblemAndEachCanBeDeletedByName() throws SQLException {
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      for (String pool : List.of("a", "b", "c", "d", "e", "f")) {
        engine.applyPool(
            IPPool.of(P, pool, IPPoolSpec.root("10.1." + (pool.charAt(0) - 'a') + ".0/24")));
        engine.applyClaim(IPClaim.of(P, pool + "k", IPClaimSpec.fromPool(IpFamily.IPv4, 28, pool)));
      }
      assertThat(engine.check().findings()).isEmpty();
    }
    dropAllocationGuard();
    dropOverlapGuard();
    String a = IPAllocation.nameForClaim(P, "ak");
    // Unreadable: a claim's body is not JSON.
    sql("UPDATE ipam_objects SET body = 'garbage' WHERE kind = 'IPClaim' AND name = 'ak'");
    // Columns disagree with the body.
    sql(
        "UPDATE ipam_objects SET cidr = '10.1.1.128/28' WHERE kind = 'IPAllocation' AND name = '"
            + IPAllocation.nameForClaim(P, "bk")
            + "'");
    // Orphaned: the claim is gone.
    sql("DELETE FROM ipam_objects WHERE kind = 'IPClaim' AND name = 'ck'");
    // Missing: the allocation is gone.
    sql(
        "DELETE FROM ipam_objects WHERE kind = 'IPAllocation' AND name = '"
            + IPAllocation.nameForClaim(P, "dk")
            + "'");
    // Status: the pool's capacity is edited.
    sql(
        "UPDATE ipam_objects SET body = replace(body, '\"allocated\":\"16\"',"
            + " '\"allocated\":\"99\"') WHERE kind = 'IPPool' AND name = 'e'");
    // Overlap: a second allocation over fk's block.
    Cidr f = Cidr.parse("10.1.5.0/28");
    sql(
        "INSERT INTO ipam_objects (kind, project, name, resource_version, pool_key, cidr, body,"
            + " block_lo, block_hi) SELECT kind, project, 'twin', resource_version, pool_key, cidr, replace(body, '"
            + IPAllocation.nameForClaim(P, "fk")
            + "', 'twin'), block_lo, block_hi FROM ipam_objects"
            + " WHERE kind = 'IPAllocation' AND name = '"
            + IPAllocation.nameForClaim(P, "fk")
            + "'");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      StoreCheck check = engine.check();
      assertThat(check.findings())
          .extracting(StoreCheck.Finding::toString)
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("UNREADABLE: row IPClaim p/ak of ipam_objects is corrupt"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith(
                          "UNREADABLE: row IPAllocation p/"
                              + IPAllocation.nameForClaim(P, "bk")
                              + " of ipam_objects is corrupt: its columns"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .isEqualTo(
                          "ORPHANED_ALLOCATION: IPAllocation p/"
                              + IPAllocation.nameForClaim(P, "ck")
                              + " (10.1.2.0/28) names IPClaim p/ck, which"
                              + " does not exist"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .isEqualTo(
                          "MISSING_ALLOCATION: IPClaim p/dk is bound"
                              + " to IPAllocation "
                              + IPAllocation.nameForClaim(P, "dk")
                              + ", which does not"
                              + " exist"))
          .anySatisfy(l -> assertThat(l).startsWith("STATUS_DISAGREES: IPPool p/d says 16"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .isEqualTo(
                          "STATUS_DISAGREES: IPPool p/e says 99"
                              + " addresses allocated; its 1 allocations hold 16"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .isEqualTo(
                          "OVERLAP: IPAllocation p/twin ("
                              + f
                              + ") overlaps IPAllocation p/"
                              + IPAllocation.nameForClaim(P, "fk")
                              + " ("
                              + f
                              + "), among the blocks of IPPool p/f"))
          .allSatisfy(l -> assertThat(l).doesNotContain("\n"));
      // ORPHANED also for ak's allocation, whose claim does not read back.
      assertThat(check.findings())
          .extracting(StoreCheck.Finding::message)
          .contains(
              "IPAllocation p/"
                  + a
                  + " (10.1.0.0/28) names IPClaim p/ak, which does not"
                  + " exist");
      engine.deleteUnreadable("IPClaim", P, "ak");
      engine.deleteAllocation(P, a);
      engine.deleteUnreadable("IPAllocation", P, IPAllocation.nameForClaim(P, "bk"));
      engine.deleteClaim(P, "bk");
      engine.deleteAllocation(P, IPAllocation.nameForClaim(P, "ck"));
      engine.deleteClaim(P, "dk");
      engine.deleteAllocation(P, "twin"); // orphaned: its claim is bound to the other
      assertThat(engine.check().findings())
          .extracting(StoreCheck.Finding::toString)
          .allSatisfy(l -> assertThat(l).startsWith("STATUS_DISAGREES"));
    }
  }

  /** Removes the triggers that refuse overlapping blocks, as a hand edit may. */
  abstract void dropOverlapGuard() throws SQLException;

  /** Removes the trigger that refuses deleting a bound claim's allocation, as a hand edit may. */
  abstract void dropAllocationGuard() throws SQLException;
}
