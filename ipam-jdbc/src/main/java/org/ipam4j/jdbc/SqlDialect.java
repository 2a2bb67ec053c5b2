package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.ipam4j.LockTimeoutException;
import org.ipam4j.StorageException;
import org.ipam4j.watch.Change;
import org.jspecify.annotations.Nullable;

/**
 * What differs between the databases, as behaviour: transactions, revisions, how a block's text is
 * read and written, which failures are lost races, how pools are locked across processes, and how a
 * bulk insert travels. One subclass per database.
 */
abstract sealed class SqlDialect permits SqliteDialect, PostgresDialect {

  /** How long a writer waits for a lock another holds, unless the store is told otherwise. */
  static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(30);

  private Duration lockTimeout = DEFAULT_LOCK_TIMEOUT;

  static SqlDialect of(Dialect dialect, Duration lockTimeout) {
    SqlDialect behaviour = dialect == Dialect.SQLITE ? new SqliteDialect() : new PostgresDialect();
    behaviour.lockTimeout = lockTimeout;
    return behaviour;
  }

  /** How long any lock wait may last: pool locks, the database's own locks. */
  final Duration lockTimeout() {
    return lockTimeout;
  }

  abstract Dialect dialect();

  /** The folder of the migration scripts. */
  final String folder() {
    return dialect().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * Refuses a URL this store cannot keep objects behind, before connecting.
   *
   * @throws org.ipam4j.InvalidException naming the URL and what is wrong with it
   */
  void checkUrl(String jdbcUrl) {}

  /**
   * Refuses to go on without the database's driver, which a service adds itself ({@code ipam-jdbc}
   * declares both drivers optional), naming the artifact to add.
   *
   * @throws org.ipam4j.InvalidException if {@code driverClass} is not on the class path
   */
  static void requireDriver(String driverClass, String artifact, String jdbcUrl) {
    try {
      Class.forName(driverClass, false, SqlDialect.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new org.ipam4j.InvalidException(
          "store",
          "\""
              + jdbcUrl
              + "\" needs the JDBC"
              + " driver "
              + driverClass
              + ", which is not on the class path: add the dependency "
              + artifact
              + " (ipam-jdbc leaves the choice of driver to the service)");
    }
  }

  /** The URL our own pool connects with. */
  String poolUrl(String jdbcUrl) {
    return jdbcUrl;
  }

  /** Per-connection settings. */
  void configure(Connection c) throws SQLException {}

  /** Run once before migrating, outside any transaction. */
  void beforeMigrating(Connection c) throws SQLException {}

  /** Run first in the migrating transaction, so that instances starting together take turns. */
  void lockForMigrating(Statement s) throws SQLException {}

  /** Starts a transaction; {@code write}: one that will write (SQLite takes its lock at once). */
  abstract void begin(Connection c, boolean write) throws SQLException;

  abstract void commit(Connection c) throws SQLException;

  /** Rolls back; a failure here is dropped, the original failure being what matters. */
  abstract void rollback(Connection c);

  /** The next store revision, inside the committing transaction. */
  abstract long nextRevision(Connection c) throws SQLException;

  /** The revision of the latest commit. */
  abstract String revisionSql();

  /** An allocation's {@code cidr} column as {@code a.b.c.d/n} text. */
  abstract String cidrText();

  /** The placeholder a {@code cidr} value is written through. */
  abstract String cidrParameter();

  /** Whether a failure is a race another writer won (retry), rather than a fault (report). */
  abstract boolean isContention(SQLException e);

  /** What a commit waits for, as a user knows it, for {@code commit} (what it writes). */
  abstract String commitLock(String commit);

  /** Whether a failure is a lock not had within {@link #lockTimeout()}. */
  abstract boolean isLockTimeout(SQLException e);

  /** The locks engines take turns by, for a store on {@code jdbcUrl} (null: a DataSource). */
  abstract PoolLocks poolLocks(Connections connections, @Nullable String jdbcUrl);

  /**
   * Whether a commit's statements may be sent as one group ({@code a; b; c} in one prepared
   * statement, one round trip): where the database is a server away. SQLite runs in process.
   */
  boolean groupsStatements() {
    return false;
  }

  /** Inserts many rows; PostgreSQL may stream them as one COPY. */
  void insert(Connection c, List<RowShape.Row> rows) throws SQLException {
    RowShape.batchInsert(c, this, rows);
  }

  /**
   * Inserts a commit's change rows ({@code seq} 1, 2, ... after its marker), {@code bodies[i]}
   * being change {@code i}'s object's JSON; PostgreSQL may stream many as one COPY.
   */
  void insertChanges(Connection c, long revision, List<Change> changes, List<String> bodies)
      throws SQLException {
    ChangeLog.batchInsert(c, revision, changes, bodies);
  }

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /**
   * The typed error for a failed statement: a lock not had in time, naming {@code lock} (what
   * waited, as a user knows it), else a {@link StorageException} saying what could not be done.
   */
  final org.ipam4j.IpamException failure(String what, String lock, SQLException e) {
    if (isLockTimeout(e)) {
      LockTimeoutException timeout = new LockTimeoutException(lock, lockTimeout);
      timeout.initCause(e);
      return timeout;
    }
    return failure(what, e);
  }

  final StorageException failure(String what, SQLException e) {
    return new StorageException("cannot " + what + " on " + dialect() + ": " + e.getMessage(), e);
  }

  /**
   * Whether the connection itself failed (SQL state class 08, or closed under us): a commit that
   * fails so may or may not have been applied by the server.
   */
  static boolean isConnectionFailure(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08")
            || String.valueOf(sql.getMessage()).contains("This connection has been closed")) {
          return true;
        }
      }
    }
    return false;
  }

  /** SQL states every database uses for lost races: unique or exclusion violation, etc. */
  static boolean isRaceState(SQLException sql) {
    String state = sql.getSQLState() == null ? "" : sql.getSQLState();
    return state.equals("23505")
        || state.equals("23P01")
        || state.equals("40001")
        || state.equals("40P01");
  }
}
