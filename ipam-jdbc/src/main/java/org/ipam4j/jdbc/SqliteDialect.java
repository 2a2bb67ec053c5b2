package org.ipam4j.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ipam4j.InvalidException;
import org.ipam4j.StorageException;
import org.jspecify.annotations.Nullable;

/** SQLite: one file, one writer at a time, WAL so that readers never wait. */
final class SqliteDialect extends SqlDialect {

  /** Why this store may only read, or null: see {@link #poolUrl}. */
  private @Nullable String readOnly;

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }

  /**
   * An SQLite store is a file: not memory (each pooled connection would have a database of its own,
   * and all would be lost), and in a folder that exists.
   */
  @Override
  void checkUrl(String jdbcUrl) {
    requireDriver("org.sqlite.JDBC", "org.xerial:sqlite-jdbc", jdbcUrl);
    String path = filePath(jdbcUrl);
    if (path.isEmpty() || path.contains(":memory:") || jdbcUrl.contains("mode=memory")) {
      throw new InvalidException(
          "store",
          "\""
              + jdbcUrl
              + "\" names no file; an SQLite store"
              + " is a file (jdbc:sqlite:/path/ipam.db), or use IpamStore.inMemory() for memory");
    }
    Path folder = Path.of(path).toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      throw new InvalidException(
          "store",
          "the folder " + folder + " of \"" + jdbcUrl + "\" does not exist; create it first");
    }
  }

  /**
   * A store in a folder this process may not write (another user's, a read-only mount) is opened
   * read-only and immutable: SQLite can otherwise not even read a WAL database there, as it would
   * create its shared-memory file beside it. Only while no write-ahead log exists, which means no
   * writer has it open; a log present means a writer is at work, and the file is opened as usual.
   * Writes then fail, saying why.
   */
  @Override
  String poolUrl(String jdbcUrl) {
    Path file = Path.of(filePath(jdbcUrl)).toAbsolutePath();
    Path folder = file.getParent();
    if (folder == null
        || !Files.isRegularFile(file)
        || Files.isWritable(folder)
        || Files.exists(file.resolveSibling(file.getFileName() + "-wal"))) {
      return jdbcUrl;
    }
    readOnly =
        "the store "
            + file
            + " is read-only here: this process may not write in its"
            + " folder "
            + folder
            + ", where SQLite keeps its journal and ipam4j its lock file"
            + " (reads work)";
    int query = jdbcUrl.indexOf('?');
    return "jdbc:sqlite:file:"
        + file.toUri().getRawPath()
        + "?mode=ro&immutable=1"
        + (query < 0 ? "" : "&" + jdbcUrl.substring(query + 1));
  }

  /** {@code jdbc:sqlite:/path/ipam.db?x=y} to {@code /path/ipam.db}. */
  private static String filePath(String jdbcUrl) {
    String path = jdbcUrl.substring("jdbc:sqlite:".length());
    int query = path.indexOf('?');
    path = query < 0 ? path : path.substring(0, query);
    return path.startsWith("file:") ? path.substring("file:".length()) : path;
  }

  @Override
  void configure(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      // Wait for other processes' writes, as long as any lock wait may last; WAL lets readers
      // go on meanwhile.
      s.execute("PRAGMA busy_timeout = " + lockTimeout().toMillis());
      s.execute("PRAGMA synchronous = FULL");
    }
  }

  @Override
  void beforeMigrating(Connection c) throws SQLException {
    // Persistent, and not allowed inside a transaction: readers then never block the writer.
    // Switching a new file to WAL needs it alone, and SQLite answers busy at once, without its
    // busy timeout, while another process is creating the same file: so wait here, as long as
    // the lock timeout allows.
    long deadline = System.nanoTime() + lockTimeout().toNanos();
    while (true) {
      try {
        execute(c, "PRAGMA journal_mode = WAL");
        return;
      } catch (SQLException e) {
        if (!isLockTimeout(e) || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLException("interrupted while waiting to switch the database to WAL", e);
      }
    }
  }

  @Override
  void begin(Connection c, boolean write) throws SQLException {
    if (write && readOnly != null) {
      throw new StorageException(readOnly);
    }
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
    long revision;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("UPDATE ipam_revision SET revision = revision + 1 RETURNING revision")) {
      rs.next();
      revision = rs.getLong(1);
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO ipam_changes (revision, seq, type, committed_at) VALUES (?, 0, 'COMMIT', ?)")) {
      ps.setLong(1, revision);
      ps.setLong(2, System.currentTimeMillis());
      ps.executeUpdate();
    }
    return revision;
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
        if (isRaceState(sql)
            || message.contains("UNIQUE constraint failed")
            || message.contains("ipam_no_overlapping_blocks")
            || message.contains("ipam_no_overlapping_root_pools")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  String commitLock(String commit) {
    return "the database's write lock (for " + commit + ")";
  }

  /**
   * Busy after the busy timeout: another connection held the database's write lock all along
   * (writers take it at {@code BEGIN IMMEDIATE}, so a busy write never means a lost race).
   */
  @Override
  boolean isLockTimeout(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        String message = String.valueOf(sql.getMessage());
        if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  PoolLocks poolLocks(Connections connections, @Nullable String jdbcUrl) {
    return new FilePoolLocks(
        jdbcUrl == null || readOnly != null ? null : lockFile(jdbcUrl), lockTimeout());
  }

  /**
   * {@code jdbc:sqlite:/path/ipam.db?x=y} to {@code /path/ipam.db-ipam4j.locks}, the same for every
   * spelling of the path ({@code /x/./ol.db}, a link to the folder), so that two stores of one JVM
   * on one file share their locks.
   */
  private static Path lockFile(String jdbcUrl) {
    Path file = Path.of(filePath(jdbcUrl)).toAbsolutePath().normalize();
    Path folder = file.getParent();
    try {
      folder = folder == null ? null : folder.toRealPath();
    } catch (java.io.IOException e) {
      // Checked at open; a folder that vanished since fails when the lock file is opened.
    }
    return (folder == null ? file : folder.resolve(file.getFileName()))
        .resolveSibling(file.getFileName() + "-ipam4j.locks");
  }
}
