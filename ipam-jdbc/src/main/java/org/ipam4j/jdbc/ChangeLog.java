package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ipam4j.ExpiredException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.store.ChangePage;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.StoreSnapshot;
import org.ipam4j.watch.Change;

/**
 * The change log, table {@code ipam_changes}: each commit writes, in its own transaction, a marker
 * row ({@code seq} 0, with the commit's time) when it takes its revision, then one row per change
 * ({@code seq} 1, 2, ...) with the object's JSON (for a deletion, its last state). Table {@code
 * ipam_change_floor} holds the oldest revision kept.
 *
 * <p>On SQLite one writer at a time takes the next revision and commits, so committed revisions are
 * read in order, with no gaps. On PostgreSQL revisions come from a sequence, so a commit can finish
 * before one with a lower revision: a reader that sees revision {@code r} committed and {@code q <
 * r} missing inserts a {@code GAP} marker for {@code q}. The insert waits for a transaction that
 * holds {@code q}'s marker and fails for nothing once it committed; if it wins, {@code q} was
 * rolled back (or its writer, between taking {@code q} and writing its marker in the same
 * statement, now fails and retries with another revision). Either way no reader passes a revision
 * whose commit could still appear, the approach of kine (Kubernetes on SQL).
 */
final class ChangeLog {

  private final Connections connections;
  private final SqlDialect dialect;
  private final ChangeRetention retention;

  ChangeLog(Connections connections, ChangeRetention retention) {
    this.connections = connections;
    this.dialect = connections.dialect();
    this.retention = retention;
  }

  private boolean postgres() {
    return dialect.dialect() == org.ipam4j.jdbc.Dialect.POSTGRESQL;
  }

  // ---- writing, inside a commit's transaction ------------------------------------------------

  /** The change rows of one commit, after its marker. */
  static final String INSERT_SQL_HEAD =
      "INSERT INTO ipam_changes (revision, seq, type, kind, project, name, body) VALUES ";

  static final String INSERT_SQL_TUPLE = "(?, ?, ?, ?, ?, ?, ?)";

  /** Binds one change row's parameters from {@code at}; returns the next parameter's index. */
  static int bind(PreparedStatement ps, int at, long revision, int seq, Change change, String body)
      throws SQLException {
    ps.setLong(at, revision);
    ps.setInt(at + 1, seq);
    ps.setString(at + 2, change.type().name());
    ps.setString(at + 3, change.object().kind().name());
    ps.setString(at + 4, change.object().metadata().project());
    ps.setString(at + 5, change.object().metadata().name());
    ps.setString(at + 6, body);
    return at + 7;
  }

  /** The change rows as JDBC batches of one insert each: {@link SqlDialect#insertChanges}. */
  static void batchInsert(Connection c, long revision, List<Change> changes, List<String> bodies)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_SQL_HEAD + INSERT_SQL_TUPLE)) {
      for (int i = 0; i < changes.size(); i++) {
        bind(ps, 1, revision, i + 1, changes.get(i), bodies.get(i));
        ps.addBatch();
        if ((i + 1) % 512 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
  }

  /** How often (in revisions) a commit also drops what retention lets go. */
  private long pruneEvery() {
    return Math.max(1, Math.min(256, retention.revisions() / 8));
  }

  /**
   * Drops, every few commits, the changes retention lets go, inside the commit's transaction:
   * deleting old rows takes no lock a writer of new ones needs.
   */
  void pruneIfDue(Connection c, long revision) throws SQLException {
    if (revision % pruneEvery() != 0) {
      return;
    }
    long byCount = revision - retention.revisions();
    long byAge = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT max(revision) FROM ipam_changes WHERE seq = 0 AND committed_at < ?")) {
      ps.setLong(1, System.currentTimeMillis() - retention.age().toMillis());
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          byAge = rs.getLong(1);
        }
      }
    }
    long cutoff = Math.min(Math.max(byCount, byAge), revision - 1);
    if (cutoff <= 0) {
      return;
    }
    try (PreparedStatement floor =
            c.prepareStatement(
                "UPDATE ipam_change_floor SET floor = ? WHERE id = 1 AND floor < ?");
        PreparedStatement delete =
            c.prepareStatement("DELETE FROM ipam_changes WHERE revision <= ?")) {
      floor.setLong(1, cutoff + 1);
      floor.setLong(2, cutoff + 1);
      if (floor.executeUpdate() == 1) {
        delete.setLong(1, cutoff);
        delete.executeUpdate();
      }
    }
  }

  // ---- reading -------------------------------------------------------------------------------

  ChangePage changesAfter(long after, int maxCommits, Set<Kind> kinds, Optional<String> project) {
    if (maxCommits < 1) {
      throw new IllegalArgumentException("maxCommits " + maxCommits + " < 1");
    }
    List<Raw> raw;
    long through;
    try (Connection c = connections.own()) {
      if (!postgres()) {
        dialect.begin(c, false);
      }
      try {
        checkFloor(c, after);
        List<Long> markers = markers(c, after, Long.MAX_VALUE, maxCommits);
        if (markers.isEmpty()) {
          return new ChangePage(List.of(), after);
        }
        through = markers.get(markers.size() - 1);
        if (postgres() && markers.size() < through - after) {
          fillGaps(c, after, through, markers);
        }
        raw = rawChanges(c, after, through, kinds, project);
        // A prune that ran while this read did shows in the floor: then rows may be missing.
        checkFloor(c, after);
      } finally {
        if (!postgres()) {
          dialect.commit(c);
        }
      }
    } catch (SQLException e) {
      throw dialect.failure("read the change log", e);
    }
    // Decoded after the read transaction ends, so that it lasts only as long as the reads.
    List<Change> changes = new ArrayList<>(raw.size());
    for (Raw r : raw) {
      if (kinds.contains(Kind.valueOf(r.kind()))
          && (project.isEmpty() || project.get().equals(r.project()))) {
        changes.add(r.decode());
      }
    }
    return new ChangePage(changes, through);
  }

  /** A change row as read, not yet decoded. */
  private record Raw(
      long revision, int seq, String type, String kind, String project, String name, String body) {
    Change decode() {
      try {
        return new Change(
            Change.Type.valueOf(type),
            RowCodec.decode(kind, project, name, revision, body),
            revision);
      } catch (RuntimeException e) {
        throw new StorageException(
            "row ("
                + revision
                + ", "
                + seq
                + ") of ipam_changes ("
                + kind
                + " "
                + project
                + "/"
                + name
                + ") is corrupt: "
                + e.getMessage());
      }
    }
  }

  /** The rows wanted only, so that the database does not even hand over the others' bodies. */
  private static List<Raw> rawChanges(
      Connection c, long after, long through, Set<Kind> kinds, Optional<String> project)
      throws SQLException {
    boolean someKinds = kinds.size() < Kind.values().length;
    StringBuilder sql =
        new StringBuilder(
            "SELECT revision, seq, type, kind, project, name, body FROM ipam_changes"
                + " WHERE revision > ? AND revision <= ? AND seq > 0");
    if (someKinds) {
      sql.append(" AND kind IN (");
      for (int i = 0; i < kinds.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(')');
    }
    if (project.isPresent()) {
      sql.append(" AND project = ?");
    }
    sql.append(" ORDER BY revision, seq");
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int at = 1;
      ps.setLong(at++, after);
      ps.setLong(at++, through);
      if (someKinds) {
        for (Kind kind : kinds) {
          ps.setString(at++, kind.name());
        }
      }
      if (project.isPresent()) {
        ps.setString(at, project.get());
      }
      List<Raw> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new Raw(
                  rs.getLong(1),
                  rs.getInt(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7)));
        }
      }
      return out;
    }
  }

  private static void checkFloor(Connection c, long after) throws SQLException {
    long floor = floor(c);
    if (after < floor - 1) {
      throw ExpiredException.pruned(after, floor);
    }
  }

  private static long floor(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT floor FROM ipam_change_floor WHERE id = 1")) {
      if (!rs.next()) {
        throw new StorageException("row 1 of ipam_change_floor is missing");
      }
      return rs.getLong(1);
    }
  }

  /** The revisions with a marker (committed, or a filled gap) in {@code (after, upTo]}. */
  private static List<Long> markers(Connection c, long after, long upTo, int limit)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT revision FROM ipam_changes WHERE seq = 0 AND revision > ? AND revision <= ?"
                + " ORDER BY revision LIMIT ?")) {
      ps.setLong(1, after);
      ps.setLong(2, upTo);
      ps.setInt(3, limit);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    }
  }

  /**
   * PostgreSQL: settles every revision in {@code (after, through]} without a marker, waiting for
   * the transactions that hold them. Each insert commits on its own.
   */
  private static void fillGaps(Connection c, long after, long through, List<Long> markers)
      throws SQLException {
    java.util.Set<Long> seen = new java.util.HashSet<>(markers);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ipam_changes (revision, seq, type) VALUES (?, 0, 'GAP')"
                + " ON CONFLICT DO NOTHING")) {
      for (long r = after + 1; r < through; r++) {
        if (!seen.contains(r)) {
          ps.setLong(1, r);
          ps.executeUpdate();
        }
      }
    }
  }

  /**
   * The objects as of one revision. SQLite: one read transaction. PostgreSQL: one repeatable-read
   * snapshot, plus the commits with a lower revision than its newest that it could not see yet,
   * waited for and applied from the log.
   */
  StoreSnapshot snapshot(Rows rows, Set<Kind> kinds, Optional<String> project) {
    try (Connection c = connections.own()) {
      if (postgres()) {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
          s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
        }
      } else {
        dialect.begin(c, false);
      }
      long revision;
      List<IpamObject> objects;
      List<Long> unseen = List.of();
      long floor;
      try {
        revision = newestMarker(c);
        objects = objects(rows, c, kinds, project);
        floor = floor(c);
        if (postgres()) {
          unseen = unseen(c, Math.max(floor, 1), revision);
        }
      } finally {
        if (postgres()) {
          c.commit();
          c.setAutoCommit(true);
        } else {
          dialect.commit(c);
        }
      }
      if (unseen.isEmpty()) {
        return new StoreSnapshot(objects, revision);
      }
      // Revisions the snapshot could not see: settle each, then apply those that committed.
      Map<String, IpamObject> byKey = new LinkedHashMap<>();
      for (IpamObject o : objects) {
        byKey.put(key(o), o);
      }
      Set<Long> late = new java.util.HashSet<>(unseen);
      long low = unseen.get(0) - 1;
      fillGaps(c, low, revision + 1, markers(c, low, revision, Integer.MAX_VALUE));
      for (Raw row : rawChanges(c, low, revision, kinds, project)) {
        if (!late.contains(row.revision())) {
          continue;
        }
        Change change = row.decode();
        if (change.type() == Change.Type.DELETED) {
          byKey.remove(key(change.object()));
        } else {
          byKey.put(key(change.object()), change.object());
        }
      }
      TreeMap<String, IpamObject> ordered = new TreeMap<>();
      for (IpamObject o : byKey.values()) {
        ordered.put(order(o), o);
      }
      return new StoreSnapshot(new ArrayList<>(ordered.values()), revision);
    } catch (SQLException e) {
      throw dialect.failure("read a snapshot", e);
    }
  }

  /**
   * SQLite: the revision. PostgreSQL: below the lowest revision without a marker under the newest
   * committed one (a commit in progress, or one rolled back and not yet settled), else the newest.
   */
  long settledRevision() {
    try (Connection c = connections.own()) {
      long newest = newestMarker(c);
      if (!postgres()) {
        return newest;
      }
      List<Long> unseen = unseen(c, Math.max(floor(c), 1), newest);
      return unseen.isEmpty() ? newest : unseen.get(0) - 1;
    } catch (SQLException e) {
      throw dialect.failure("read the settled revision", e);
    }
  }

  private static String key(IpamObject o) {
    return o.kind() + "\u0000" + o.metadata().project() + "\u0000" + o.metadata().name();
  }

  private static String order(IpamObject o) {
    return o.kind().ordinal() + "\u0000" + o.metadata().project() + "\u0000" + o.metadata().name();
  }

  private static long newestMarker(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(revision), 0) FROM ipam_changes")) {
      rs.next();
      long newest = rs.getLong(1);
      return newest == 0 ? floor(c) - 1 : newest;
    }
  }

  private static List<IpamObject> objects(
      Rows rows, Connection c, Set<Kind> kinds, Optional<String> project) throws SQLException {
    List<IpamObject> out = new ArrayList<>();
    for (Kind kind : Kind.values()) {
      if (!kinds.contains(kind)) {
        continue;
      }
      if (project.isPresent()) {
        out.addAll(
            rows.query(
                c,
                "SELECT "
                    + Rows.COLUMNS
                    + " FROM ipam_objects WHERE kind = ? AND project = ? ORDER BY name",
                IpamObject.class,
                kind.name(),
                project.get()));
      } else {
        out.addAll(
            rows.query(
                c,
                "SELECT "
                    + Rows.COLUMNS
                    + " FROM ipam_objects WHERE kind = ? ORDER BY project, name",
                IpamObject.class,
                kind.name()));
      }
    }
    return out;
  }

  /** PostgreSQL: the revisions in {@code [from, upTo]} this snapshot has no marker for. */
  private static List<Long> unseen(Connection c, long from, long upTo) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT g FROM generate_series(?::bigint, ?::bigint) AS g WHERE NOT EXISTS"
                + " (SELECT 1 FROM ipam_changes WHERE revision = g AND seq = 0) ORDER BY g")) {
      ps.setLong(1, from);
      ps.setLong(2, upTo);
      List<Long> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getLong(1));
        }
      }
      return out;
    }
  }
}
