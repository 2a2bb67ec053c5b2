package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

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
  }

  SqlDialect dialect() {
    return dialect;
  }
}
