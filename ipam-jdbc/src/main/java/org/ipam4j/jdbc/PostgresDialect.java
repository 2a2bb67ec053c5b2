package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.ipam4j.StorageException;
import org.ipam4j.watch.Change;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** PostgreSQL: a server many engines share; writers of different pools proceed side by side. */
final class PostgresDialect extends SqlDialect {

  /** From this many inserts in one commit, they travel as one COPY. */
  static final int COPY_FROM = 64;

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }

  @Override
  void checkUrl(String jdbcUrl) {
    requireDriver("org.postgresql.Driver", "org.postgresql:postgresql", jdbcUrl);
  }

  @Override
  String poolUrl(String jdbcUrl) {
    return jdbcUrl.contains("reWriteBatchedInserts")
        ? jdbcUrl
        : jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
  }

  @Override
  void lockForMigrating(Statement s) throws SQLException {
    s.execute("SELECT pg_advisory_xact_lock(4275021)");
  }

  /**
   * A transaction that is not already open (under a pool lock, whose statement set it) bounds its
   * lock waits (row locks, the triggers' advisory locks) by the store's lock timeout, for this
   * transaction only: a service's own connections keep their settings.
   */
  @Override
  void begin(Connection c, boolean write) throws SQLException {
    if (c.getAutoCommit()) {
      c.setAutoCommit(false);
      try (PreparedStatement ps =
          c.prepareStatement("SELECT set_config('lock_timeout', ?, true)")) {
        ps.setString(1, lockTimeoutSetting());
        ps.executeQuery().close();
      }
    }
  }

  /** The store's lock timeout as PostgreSQL's {@code lock_timeout} setting. */
  String lockTimeoutSetting() {
    return lockTimeout().toMillis() + "ms";
  }

  @Override
  void commit(Connection c) throws SQLException {
    c.commit();
    c.setAutoCommit(true);
  }

  @Override
  void rollback(Connection c) {
    try {
      c.rollback();
      c.setAutoCommit(true);
    } catch (SQLException ignored) {
      // The transaction is gone either way.
    }
  }

  @Override
  long nextRevision(Connection c) throws SQLException {
    // The revision and its commit marker in one statement: a watcher that finds this revision
    // missing while a later one is committed fills the gap with a marker of its own, which waits
    // for this transaction's marker (so the watcher waits for this commit) instead of racing it.
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ipam_changes (revision, seq, type, committed_at)"
                + " VALUES (nextval('ipam_revision'), 0, 'COMMIT', ?) RETURNING revision")) {
      ps.setLong(1, System.currentTimeMillis());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  String revisionSql() {
    return "SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM ipam_revision";
  }

  @Override
  String cidrText() {
    return "host(cidr) || '/' || masklen(cidr)";
  }

  @Override
  boolean groupsStatements() {
    return true;
  }

  @Override
  String cidrParameter() {
    return "CAST(? AS inet)";
  }

  @Override
  boolean isContention(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && isRaceState(sql)) {
        return true;
      }
    }
    return false;
  }

  @Override
  String commitLock(String commit) {
    return "a row or block lock that " + commit + " needs";
  }

  /** 55P03 lock_not_available: a wait that {@code lock_timeout} ended. */
  @Override
  boolean isLockTimeout(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "55P03".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  @Override
  PoolLocks poolLocks(Connections connections, @Nullable String jdbcUrl) {
    return new AdvisoryPoolLocks(connections);
  }

  /**
   * Many change rows as one {@code COPY}, as {@link #insert} sends many object rows: a batch of
   * prepared inserts is still one statement each for the server to run.
   */
  @Override
  void insertChanges(Connection c, long revision, List<Change> changes, List<String> bodies)
      throws SQLException {
    if (changes.size() < COPY_FROM || !c.isWrapperFor(PGConnection.class)) {
      super.insertChanges(c, revision, changes, bodies);
      return;
    }
    String rev = Long.toString(revision);
    copy(
        c,
        "ipam_changes (revision, seq, type, kind, project, name, body)",
        changes.size(),
        (i, text) -> {
          Change change = changes.get(i);
          text.field(rev)
              .field(Integer.toString(i + 1))
              .field(change.type().name())
              .field(change.object().kind().name())
              .field(change.object().metadata().project())
              .field(change.object().metadata().name())
              .field(bodies.get(i));
        });
  }

  /**
   * Many inserts as one {@code COPY}, streamed while the rows are encoded (the server inserts as
   * they arrive). Triggers and constraints apply as to an {@code INSERT}; a taken key fails the
   * whole copy, and so the commit, as a unique violation.
   */
  @Override
  void insert(Connection c, List<RowShape.Row> rows) throws SQLException {
    if (rows.size() < COPY_FROM || !c.isWrapperFor(PGConnection.class)) {
      super.insert(c, rows);
      return;
    }
    copy(
        c,
        "ipam_objects (" + RowShape.INSERT_COLUMNS + ")",
        rows.size(),
        (i, text) -> {
          RowShape.Row row = rows.get(i);
          RowShape.Derived d = row.derived();
          text.field(row.kind())
              .field(row.project())
              .field(row.name())
              .field(Long.toString(row.revision()))
              .field(d.poolKey())
              .field(d.cidr())
              .field(d.pendingSince() == null ? null : d.pendingSince().toString())
              .field(row.body())
              .field(d.blockLow())
              .field(d.blockHigh())
              .field(d.rootSpace())
              .field(d.waitsOn());
        });
  }

  /** Writes row {@code i}'s fields into the text of a {@code COPY}. */
  private interface CopyRow {
    void write(int i, CopyText text);
  }

  /** {@code rows} rows into {@code target} (a table and its columns) as one streamed COPY. */
  private static void copy(Connection c, String target, int rows, CopyRow row) throws SQLException {
    CopyIn copy =
        c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + target + " FROM STDIN");
    try {
      CopyText text = new CopyText();
      for (int i = 0; i < rows; i++) {
        row.write(i, text);
        text.endRow();
        if (text.size() >= CopyText.FLUSH_AT || i == rows - 1) {
          byte[] bytes = text.take();
          copy.writeToCopy(bytes, 0, bytes.length);
        }
      }
      long stored = copy.endCopy();
      if (stored != rows) {
        throw new StorageException("COPY stored " + stored + " of " + rows + " rows of " + target);
      }
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }
}
