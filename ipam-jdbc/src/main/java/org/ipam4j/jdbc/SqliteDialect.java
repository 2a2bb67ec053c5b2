package org.ipam4j.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** SQLite: one file, one writer at a time, WAL so that readers never wait. */
final class SqliteDialect extends SqlDialect {

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }

  @Override
  void configure(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // Wait for other processes' writes instead of failing; WAL lets readers go on meanwhile.
      s.execute("PRAGMA busy_timeout = 30000");
      s.execute("PRAGMA synchronous = FULL");
    }
  }

  @Override
  void beforeMigrating(Connection c) throws SQLException {
    // Persistent, and not allowed inside a transaction: readers then never block the writer.
    execute(c, "PRAGMA journal_mode = WAL");
  }

  @Override
  void begin(Connection c, boolean write) throws SQLException {
    c.setAutoCommit(true);
    execute(c, write ? "BEGIN IMMEDIATE" : "BEGIN");
  }

  @Override
  void commit(Connection c) throws SQLException {
    execute(c, "COMMIT");
  }

  @Override
  void rollback(Connection c) {
    try {
      execute(c, "ROLLBACK");
    } catch (SQLException ignored) {
      // The transaction is gone either way.
    }
  }

  @Override
  long nextRevision(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE ipam_revision SET revision = revision + 1");
      try (ResultSet rs = s.executeQuery("SELECT revision FROM ipam_revision")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  String revisionSql() {
    return "SELECT revision FROM ipam_revision";
  }

  @Override
  String cidrText() {
    return "cidr";
  }

  @Override
  String cidrParameter() {
    return "?";
  }

  @Override
  boolean isContention(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String message = String.valueOf(sql.getMessage());
        if (isRaceState(sql) || message.contains("UNIQUE constraint failed")
            || message.contains("ipam_no_overlapping_blocks")
            || message.contains("ipam_no_overlapping_root_pools")
            || message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  PoolLocks poolLocks(Connections connections, String jdbcUrl) {
    return new FilePoolLocks(jdbcUrl == null ? null : lockFile(jdbcUrl));
  }

  /** {@code jdbc:sqlite:/path/ipam.db?x=y} to {@code /path/ipam.db-ipam4j.locks}. */
  private static Path lockFile(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    }
    if (path.isEmpty() || path.contains(":memory:")) {
      return null;
    }
    return Path.of(path + "-ipam4j.locks").toAbsolutePath();
  }
}
