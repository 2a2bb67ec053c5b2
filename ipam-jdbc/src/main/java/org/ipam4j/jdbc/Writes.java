package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.Write;
import org.ipam4j.watch.Change;
import org.jspecify.annotations.Nullable;

/**
 * The store's commits: one transaction of guarded statements, an insert for a create (the key must
 * be free), an update or delete {@code WHERE resource_version = ?} for the rest; any miss rolls the
 * whole commit back as a {@link StaleWriteException}. A large commit streams: its JSON is encoded
 * beside the database's work ({@link Bodies}).
 */
final class Writes {

  /** A committed change set: the objects as stored, its changes, and its revision. */
  record Committed(List<IpamObject> stored, List<Change> changes, long revision) {}

  private final Connections connections;
  private final SqlDialect dialect;
  private final Rows rows;
  private final ChangeLog changeLog;

  /** Where large commits encode ahead; null for the JVM's common pool. */
  private final java.util.concurrent.@Nullable Executor helper;

  Writes(
      Connections connections,
      Rows rows,
      ChangeLog changeLog,
      java.util.concurrent.@Nullable Executor helper) {
    this.helper = helper;
    this.changeLog = changeLog;
    this.connections = connections;
    this.dialect = connections.dialect();
    this.rows = rows;
  }

  Committed commit(List<Write> writes) {
    // What the pool lock's statement read is the pool before this commit: never serve it after.
    connections.forgetReadAtLock();
    List<IpamObject> stored = new ArrayList<>();
    List<Change> changes = new ArrayList<>();
    List<Rows.Decoded> written = new ArrayList<>();
    long revision = 0;
    try (Connection c = connections.connect()) {
      dialect.begin(c, true);
      try {
        revision = dialect.nextRevision(c);
        apply(c, writes, revision, stored, changes, written);
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        if (e instanceof SQLException sql && RootOverlap.isUnnamed(sql)) {
          throw RootOverlap.name(c, writes, sql);
        }
        throw e;
      }
      try {
        dialect.commit(c);
      } catch (SQLException e) {
        if (SqlDialect.isConnectionFailure(e)) {
          throw new StorageException(
              "the outcome of the commit is unknown: the connection to "
                  + dialect.dialect()
                  + " failed while committing ("
                  + e.getMessage()
                  + "); it may"
                  + " have been stored. Applying the same objects again is safe: an apply returns"
                  + " what was stored, never a second block",
              e);
        }
        dialect.rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      if (dialect.isContention(e)) {
        if (String.valueOf(e.getMessage()).contains("ipam_no_overlapping_blocks")) {
          throw StaleWriteException.blocksOverlap(
              poolsWritten(writes),
              "the database refused" + " overlapping blocks: " + e.getMessage());
        }
        throw new StaleWriteException("concurrent writer: " + e.getMessage());
      }
      throw dialect.failure(
          "commit",
          dialect.commitLock(
              writes.isEmpty()
                  ? "the commit"
                  : "the commit of "
                      + writes.get(0).kind()
                      + " "
                      + writes.get(0).project()
                      + "/"
                      + writes.get(0).name()),
          e);
    }
    for (Rows.Decoded d : written) {
      rows.remember(d.object(), d.body());
    }
    return new Committed(stored, changes, revision);
  }

  /**
   * The change set as JDBC batches, each row count checked: deletes of claims and pools, then
   * updates, then deletes of allocations (the database refuses deleting an allocation that a stored
   * claim is still bound to, so the claim goes or lets go first), then inserts (so that a block
   * freed and taken in one commit never overlaps itself).
   */
  private void apply(
      Connection c,
      List<Write> writes,
      long revision,
      List<IpamObject> stored,
      List<Change> changes,
      List<Rows.Decoded> written)
      throws SQLException {
    List<Write.Delete> deletes = new ArrayList<>();
    List<Write.Put> updates = new ArrayList<>();
    List<Write.Put> inserts = new ArrayList<>();
    List<IpamObject> updateObjects = new ArrayList<>();
    List<IpamObject> insertObjects = new ArrayList<>();
    // Per change: its object's place among the updates (>= 0) or inserts (< 0, as -1 - place),
    // or null for a deletion, whose last state is encoded here.
    List<@Nullable Integer> placeOfChange = new ArrayList<>();
    for (Write w : writes) {
      if (w instanceof Write.Delete d) {
        IpamObject previous =
            rows
                .query(
                    c,
                    "SELECT "
                        + Rows.COLUMNS
                        + " FROM ipam_objects"
                        + " WHERE kind = ? AND project = ? AND name = ?",
                    IpamObject.class,
                    w.kind().name(),
                    w.project(),
                    w.name())
                .stream()
                .findFirst()
                .orElseThrow(() -> stale(w));
        deletes.add(d);
        changes.add(new Change(Change.Type.DELETED, previous, revision));
        placeOfChange.add(null);
      } else {
        Write.Put put = (Write.Put) w;
        IpamObject object =
            put.object().withMetadata(put.object().metadata().withResourceVersion(revision));
        stored.add(object);
        changes.add(
            new Change(
                w.expectedVersion() == 0 ? Change.Type.ADDED : Change.Type.MODIFIED,
                object,
                revision));
        placeOfChange.add(w.expectedVersion() == 0 ? -1 - inserts.size() : updates.size());
        (w.expectedVersion() == 0 ? inserts : updates).add(put);
        (w.expectedVersion() == 0 ? insertObjects : updateObjects).add(object);
      }
    }
    List<Write.Delete> allocationDeletes = new ArrayList<>();
    List<Write.Delete> otherDeletes = new ArrayList<>();
    for (Write.Delete d : deletes) {
      (d.kind() == org.ipam4j.model.Kind.IPAllocation ? allocationDeletes : otherDeletes).add(d);
    }
    delete(c, otherDeletes);
    List<IpamObject> encoded = new ArrayList<>(updateObjects);
    encoded.addAll(insertObjects);
    try (Bodies bodies = new Bodies(encoded, revision, helper)) {
      if (deletes.isEmpty() && dialect.groupsStatements() && inserts.size() < GROUP_UP_TO) {
        // A commit that only updates and inserts a few rows (a claim): its statements, and its
        // change rows, travel to the server as one round trip.
        grouped(c, updates, updateObjects, insertObjects, bodies, revision, changes, placeOfChange);
        rememberPools(encoded, bodies, written);
        changeLog.pruneIfDue(c, revision);
        return;
      }
      if (!updates.isEmpty()) {
        update(c, updates, updateObjects, bodies, revision);
      }
      delete(c, allocationDeletes);
      if (!inserts.isEmpty()) {
        List<RowShape.Row> rowsToInsert = new ArrayList<>(inserts.size());
        for (int i = 0; i < inserts.size(); i++) {
          Write.Put w = inserts.get(i);
          rowsToInsert.add(
              new RowShape.Row(
                  w.kind().name(),
                  w.project(),
                  w.name(),
                  revision,
                  RowShape.Derived.of(insertObjects.get(i)),
                  bodies,
                  updates.size() + i));
        }
        dialect.insert(c, rowsToInsert);
      }
      rememberPools(encoded, bodies, written);
      List<String> changeBodies = new ArrayList<>(changes.size());
      for (int i = 0; i < changes.size(); i++) {
        Integer place = placeOfChange.get(i);
        changeBodies.add(
            place == null
                ? RowCodec.encode(changes.get(i).object(), revision)
                : bodies.body(place >= 0 ? place : updates.size() - 1 - place));
      }
      dialect.insertChanges(c, revision, changes, changeBodies);
      changeLog.pruneIfDue(c, revision);
    }
  }

  private static void rememberPools(
      List<IpamObject> encoded, Bodies bodies, List<Rows.Decoded> written) {
    for (int i = 0; i < encoded.size(); i++) {
      if (encoded.get(i) instanceof IPPool) {
        written.add(new Rows.Decoded(bodies.body(i), encoded.get(i)));
      }
    }
  }

  /** Commits of fewer inserts than this may travel as one group of statements. */
  static final int GROUP_UP_TO = 16;

  private static final String UPDATE_SQL_HEAD =
      "UPDATE ipam_objects SET resource_version = ?, pool_key = ?, cidr = ";
  private static final String UPDATE_SQL_TAIL =
      ", pending_since = ?, body = ?, block_lo = ?, block_hi = ?, root_space = ?, waits_on = ?"
          + " WHERE kind = ? AND project = ? AND name = ? AND resource_version = ?";

  /**
   * The updates, then the inserts (one statement), then the change rows (one statement), sent as
   * one group: the driver sends every statement before it reads the first answer. Each update must
   * change its one row, the inserts every row they name.
   */
  private void grouped(
      Connection c,
      List<Write.Put> updates,
      List<IpamObject> updateObjects,
      List<IpamObject> insertObjects,
      Bodies bodies,
      long revision,
      List<Change> changes,
      List<@Nullable Integer> placeOfChange)
      throws SQLException {
    StringBuilder sql = new StringBuilder();
    String update = UPDATE_SQL_HEAD + dialect.cidrParameter() + UPDATE_SQL_TAIL;
    for (int i = 0; i < updates.size(); i++) {
      sql.append(update).append(";\n");
    }
    if (!insertObjects.isEmpty()) {
      sql.append("INSERT INTO ipam_objects (").append(RowShape.INSERT_COLUMNS).append(") VALUES ");
      String tuple = "(?, ?, ?, ?, ?, " + dialect.cidrParameter() + ", ?, ?, ?, ?, ?, ?)";
      sql.append(String.join(", ", java.util.Collections.nCopies(insertObjects.size(), tuple)));
      sql.append(";\n");
    }
    sql.append(ChangeLog.INSERT_SQL_HEAD)
        .append(
            String.join(
                ", ", java.util.Collections.nCopies(changes.size(), ChangeLog.INSERT_SQL_TUPLE)));
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int at = 1;
      for (int i = 0; i < updates.size(); i++) {
        at =
            RowShape.bindUpdate(
                ps, at, updates.get(i), updateObjects.get(i), bodies.body(i), revision);
      }
      for (int i = 0; i < insertObjects.size(); i++) {
        IpamObject o = insertObjects.get(i);
        at =
            RowShape.bindInsert(
                ps,
                at,
                new RowShape.Row(
                    o.kind().name(),
                    o.metadata().project(),
                    o.metadata().name(),
                    revision,
                    RowShape.Derived.of(o),
                    bodies,
                    updates.size() + i));
      }
      for (int i = 0; i < changes.size(); i++) {
        at =
            ChangeLog.bind(
                ps,
                at,
                revision,
                i + 1,
                changes.get(i),
                bodies.body(bodyOf(placeOfChange, i, updates.size())));
      }
      boolean isResult = ps.execute();
      for (int i = 0; i < updates.size(); i++) {
        int count = nextCount(ps, isResult);
        if (count != 1) {
          throw stale(updates.get(i));
        }
        isResult = ps.getMoreResults();
      }
      if (!insertObjects.isEmpty()) {
        if (nextCount(ps, isResult) != insertObjects.size()) {
          throw new StaleWriteException("an object of the commit exists already");
        }
        isResult = ps.getMoreResults();
      }
      if (nextCount(ps, isResult) != changes.size()) {
        throw new StorageException("the change log of revision " + revision + " was not written");
      }
    }
  }

  private static int nextCount(PreparedStatement ps, boolean isResult) throws SQLException {
    return isResult ? -1 : ps.getUpdateCount();
  }

  /** The body index of change {@code i}'s object: updates first, then inserts (no deletions). */
  private static int bodyOf(List<@Nullable Integer> placeOfChange, int i, int updates) {
    Integer place = java.util.Objects.requireNonNull(placeOfChange.get(i), "a deletion");
    return place >= 0 ? place : updates - 1 - place;
  }

  private static void delete(Connection c, List<Write.Delete> deletes) throws SQLException {
    if (deletes.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM ipam_objects WHERE kind = ?"
                + " AND project = ? AND name = ? AND resource_version = ?")) {
      for (Write.Delete d : deletes) {
        ps.setString(1, d.kind().name());
        ps.setString(2, d.project());
        ps.setString(3, d.name());
        ps.setLong(4, d.expectedVersion());
        ps.addBatch();
      }
      checkCounts(ps.executeBatch(), deletes);
    }
  }

  /**
   * A root pool's update that leaves its derived columns as they are (its block cannot change)
   * writes only its version and body, guarded on those columns being what its body derives: SQLite
   * rewrites an index entry for every indexed column an {@code UPDATE} names, whatever the value,
   * so naming only these spares the root-pool index a page per claim and skips the overlap trigger.
   * A row whose columns are not what they should be (a corrupt row) misses the guard and is written
   * in full, as every other update is.
   */
  private static final String POOL_BODY_UPDATE_SQL =
      "UPDATE ipam_objects SET resource_version = ?, body = ?"
          + " WHERE kind = 'IPPool' AND project = ? AND name = ? AND resource_version = ?"
          + " AND root_space IS NOT DISTINCT FROM ? AND block_lo IS NOT DISTINCT FROM ?"
          + " AND block_hi IS NOT DISTINCT FROM ? AND pool_key IS NULL AND cidr IS NULL"
          + " AND pending_since IS NULL AND waits_on IS NULL";

  private void update(
      Connection c, List<Write.Put> updates, List<IpamObject> objects, Bodies bodies, long revision)
      throws SQLException {
    List<Integer> full = new ArrayList<>(updates.size());
    List<Integer> pools = new ArrayList<>(1);
    for (int i = 0; i < updates.size(); i++) {
      (objects.get(i) instanceof IPPool ? pools : full).add(i);
    }
    if (!pools.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement(POOL_BODY_UPDATE_SQL)) {
        for (int i : pools) {
          Write.Put w = updates.get(i);
          RowShape.Derived d = RowShape.Derived.of(objects.get(i));
          ps.setLong(1, revision);
          ps.setString(2, bodies.body(i));
          ps.setString(3, w.project());
          ps.setString(4, w.name());
          ps.setLong(5, w.expectedVersion());
          RowShape.setNullable(ps, 6, d.rootSpace());
          RowShape.setNullable(ps, 7, d.blockLow());
          RowShape.setNullable(ps, 8, d.blockHigh());
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int k = 0; k < counts.length; k++) {
          if (counts[k] != 1 && counts[k] != Statement.SUCCESS_NO_INFO) {
            full.add(pools.get(k)); // stale, or columns to repair: the full update tells which
          }
        }
      }
    }
    if (full.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(UPDATE_SQL_HEAD + dialect.cidrParameter() + UPDATE_SQL_TAIL)) {
      List<Write.Put> written = new ArrayList<>(full.size());
      for (int i : full) {
        RowShape.bindUpdate(ps, 1, updates.get(i), objects.get(i), bodies.body(i), revision);
        ps.addBatch();
        written.add(updates.get(i));
      }
      checkCounts(ps.executeBatch(), written);
    }
  }

  private static void checkCounts(int[] counts, List<? extends Write> writes) {
    for (int i = 0; i < counts.length; i++) {
      // SUCCESS_NO_INFO (-2) is a driver's "done, count unknown": only for inserts, which fail
      // loudly on a taken key instead.
      if (counts[i] != 1 && counts[i] != Statement.SUCCESS_NO_INFO) {
        throw stale(writes.get(i));
      }
    }
  }

  /** Deletes one row as it stands, in a transaction of its own that takes a revision. */
  void deleteRow(String kind, String project, String name) {
    try (Connection c = connections.connect()) {
      dialect.begin(c, true);
      try (PreparedStatement ps =
          c.prepareStatement(
              "DELETE FROM ipam_objects WHERE kind = ?" + " AND project = ? AND name = ?")) {
        dialect.nextRevision(c);
        ps.setString(1, kind);
        ps.setString(2, project);
        ps.setString(3, name);
        ps.executeUpdate();
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        throw e;
      }
      dialect.commit(c);
    } catch (SQLException e) {
      throw dialect.failure(
          "delete row " + kind + " " + project + "/" + name,
          dialect.commitLock("deleting a row"),
          e);
    }
  }

  /** The pools ({@code project/name}) whose allocations a commit writes. */
  private static java.util.Set<String> poolsWritten(List<Write> writes) {
    java.util.Set<String> pools = new java.util.TreeSet<>();
    for (Write w : writes) {
      if (w instanceof Write.Put put && put.object() instanceof IPAllocation a) {
        pools.add(RowShape.Derived.of(a).poolKey());
      }
    }
    return pools;
  }

  private static StaleWriteException stale(Write w) {
    return new StaleWriteException(
        w.kind()
            + " "
            + w.project()
            + "/"
            + w.name()
            + " is not at version "
            + w.expectedVersion());
  }
}
