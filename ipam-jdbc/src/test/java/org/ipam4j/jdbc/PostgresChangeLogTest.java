package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.store.ChangePage;
import org.ipam4j.store.StoreSnapshot;
import org.ipam4j.store.Write;
import org.ipam4j.watch.Change;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL hands out revisions from a sequence, so a commit can finish before one that took a
 * lower revision. A reader of the change log must then wait for the lower one, never pass it.
 */
class PostgresChangeLogTest {

  /** A transaction that took revision r (its marker written, as a commit's first statement). */
  private static long takeRevision(Connection c) throws SQLException {
    c.setAutoCommit(false);
    try (PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO ipam_changes (revision, seq, type, committed_at)"
                    + " VALUES (nextval('ipam_revision'), 0, 'COMMIT', 0) RETURNING revision");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void commitPool(JdbcStore store, String name, String cidr) {
    store.commit(
        List.of(
            Write.Put.create(
                new IPPool(
                    ObjectMeta.of("p", name),
                    IPPoolSpec.root(cidr),
                    org.ipam4j.model.IPPoolStatus.empty()))));
  }

  private static <T> void assertStillWaiting(CompletableFuture<T> read) throws Exception {
    try {
      T early = read.get(700, TimeUnit.MILLISECONDS);
      throw new AssertionError("the read passed a revision still in progress: " + early);
    } catch (TimeoutException expected) {
      // still waiting for the lower revision, as it must
    }
  }

  @Test
  void aReaderWaitsForALowerRevisionStillInProgressThenSeesItsChanges() throws Exception {
    String url = PostgresTests.freshDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url);
        Connection slow = DriverManager.getConnection(url)) {
      long before = store.revision();
      long lower = takeRevision(slow);
      commitPool(store, "later", "10.1.0.0/16");
      CompletableFuture<ChangePage> read =
          CompletableFuture.supplyAsync(() -> store.changesAfter(before, 100));
      assertStillWaiting(read);
      try (PreparedStatement ps =
          slow.prepareStatement(
              "INSERT INTO ipam_changes (revision, seq, type, kind, project, name, body)"
                  + " VALUES (?, 1, 'ADDED', 'IPPool', 'p', 'earlier', ?)")) {
        ps.setLong(1, lower);
        ps.setString(
            2,
            RowCodec.encode(
                new IPPool(
                    ObjectMeta.of("p", "earlier").withResourceVersion(lower),
                    IPPoolSpec.root("10.2.0.0/16"),
                    org.ipam4j.model.IPPoolStatus.empty()),
                lower));
        ps.executeUpdate();
      }
      slow.commit();
      ChangePage page = read.get(30, TimeUnit.SECONDS);
      assertThat(page.changes())
          .extracting(c -> c.revision() + " " + c.object().metadata().name())
          .containsExactly(lower + " earlier", (lower + 1) + " later");
      assertThat(page.through()).isEqualTo(lower + 1);
    }
  }

  @Test
  void aWatchFromNowStartsBelowARevisionStillInProgress() throws Exception {
    String url = PostgresTests.freshDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url);
        Connection slow = DriverManager.getConnection(url)) {
      long before = store.revision();
      long lower = takeRevision(slow);
      commitPool(store, "later", "10.1.0.0/16");
      assertThat(store.revision()).isEqualTo(lower + 1);
      assertThat(store.settledRevision()).isEqualTo(before);
      slow.rollback();
      assertThat(store.changesAfter(before, 100).through()).isEqualTo(lower + 1);
      assertThat(store.settledRevision()).isEqualTo(lower + 1);
    }
  }

  @Test
  void aRolledBackRevisionIsSettledAsAGapAndSkipped() throws Exception {
    String url = PostgresTests.freshDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url);
        Connection slow = DriverManager.getConnection(url)) {
      long before = store.revision();
      takeRevision(slow);
      commitPool(store, "later", "10.1.0.0/16");
      CompletableFuture<ChangePage> read =
          CompletableFuture.supplyAsync(() -> store.changesAfter(before, 100));
      assertStillWaiting(read);
      slow.rollback();
      ChangePage page = read.get(30, TimeUnit.SECONDS);
      assertThat(page.changes()).extracting(Change::revision).containsExactly(before + 2);
      assertThat(store.changesAfter(before, 100).changes()).hasSize(1);
    }
  }

  @Test
  void aSnapshotWaitsForALowerRevisionStillInProgress() throws Exception {
    String url = PostgresTests.freshDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url);
        Connection slow = DriverManager.getConnection(url)) {
      takeRevision(slow);
      commitPool(store, "later", "10.1.0.0/16");
      CompletableFuture<StoreSnapshot> snapshot =
          CompletableFuture.supplyAsync(
              () ->
                  store.snapshot(java.util.EnumSet.allOf(Kind.class), java.util.Optional.empty()));
      assertStillWaiting(snapshot);
      slow.rollback();
      StoreSnapshot s = snapshot.get(30, TimeUnit.SECONDS);
      assertThat(s.objects()).extracting(o -> o.metadata().name()).containsExactly("later");
      assertThat(store.changesAfter(s.revision(), 100).changes()).isEmpty();
    }
  }
}
