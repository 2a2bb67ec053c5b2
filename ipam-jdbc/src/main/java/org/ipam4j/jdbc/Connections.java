package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Where the store's statements run: this thread's connection while it holds a PostgreSQL pool lock
 * (whose transaction its reads and commit then join), else a connection from the pool.
 */
class Connections {

  private final DataSource dataSource;
  private final SqlDialect dialect;

  /** Our own pool configures each connection once, when it opens it; a service's pool not. */
  private final boolean configureEachBorrow;

  private final ThreadLocal<Connection> locked = new ThreadLocal<>();

  /** A pool's row as read by the statement that took its lock (no body: no such pool). */
  record PoolRow(String project, String name, long version, @Nullable String body) {}

  /** The pool row this thread's lock statement read, until its first read. */
  private final ThreadLocal<PoolRow> readAtLock = new ThreadLocal<>();

  Connections(DataSource dataSource, SqlDialect dialect, boolean configureEachBorrow) {
    this.dataSource = dataSource;
    this.dialect = dialect;
    this.configureEachBorrow = configureEachBorrow;
  }

  /** This thread's connection under a pool lock, else one from the pool; close it after use. */
  Connection connect() throws SQLException {
    Connection held = locked.get();
    // Try-with-resources blocks close what they get: the held connection must stay open.
    return held != null ? PooledUrlDataSource.onClose(held, () -> {}) : own();
  }

  /** A connection from the pool, whatever this thread holds. */
  Connection own() throws SQLException {
    Connection c = dataSource.getConnection();
    if (configureEachBorrow) {
      dialect.configure(c);
    }
    return c;
  }

  Connection held() {
    return locked.get();
  }

  void hold(Connection c) {
    locked.set(c);
  }

  void release() {
    locked.remove();
    readAtLock.remove();
  }

  /** Keeps the pool row the lock statement read, for this thread's next read of that pool. */
  void readAtLock(PoolRow row) {
    readAtLock.set(row);
  }

  /** Drops the pool row read with the lock: after a write, or under a lock taken inside it. */
  void forgetReadAtLock() {
    readAtLock.remove();
  }

  /** The pool row read with this thread's lock, once: later reads ask the database. */
  Optional<PoolRow> takePoolReadAtLock(String project, String name) {
    PoolRow row = readAtLock.get();
    if (row == null || locked.get() == null) {
      return Optional.empty();
    }
    if (!row.project().equals(project) || !row.name().equals(name)) {
      return Optional.empty();
    }
    readAtLock.remove();
    return Optional.of(row);
  }

  SqlDialect dialect() {
    return dialect;
  }
}
