package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * How a waiting watch learns of new commits ({@link JdbcStore#awaitChange}): this store's own
 * commits wake it at once; another process's are seen by PostgreSQL's LISTEN/NOTIFY (the trigger on
 * the commit marker notifies), on one connection held while anything waits, or by reading the
 * newest committed revision once each poll interval (SQLite, and PostgreSQL's fallback).
 */
final class ChangeWaits {

  private final Connections connections;
  private final SqlDialect dialect;
  private final boolean postgres;
  private final Duration pollInterval;

  /** Told of this store's own commits. */
  private final Object committed = new Object();

  /** The newest revision this store committed itself. */
  private volatile long ownRevision;

  /** PostgreSQL: the connection that LISTENs, used by one waiting thread at a time. */
  private final ReentrantLock listening = new ReentrantLock();

  private @Nullable Connection listener;
  private volatile boolean closed;

  ChangeWaits(Connections connections, Duration pollInterval) {
    this.connections = connections;
    this.dialect = connections.dialect();
    this.postgres = dialect.dialect() == Dialect.POSTGRESQL;
    this.pollInterval = pollInterval;
  }

  /** A commit of this store finished: wake the threads waiting here. */
  void committed(long revision) {
    if (revision > ownRevision) {
      ownRevision = revision;
    }
    synchronized (committed) {
      committed.notifyAll();
    }
  }

  /**
   * Waits for a commit after {@code after}: this store's own wake it at once; another process's are
   * seen by a LISTEN (PostgreSQL) or by reading the newest revision once each poll interval
   * (SQLite, and PostgreSQL's fallback): it returns at once only for this store's own commits, so a
   * watcher under a steady stream of other processes' commits reads once per interval.
   */
  void awaitChange(long after, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!closed && ownRevision <= after) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return;
      }
      long waitMillis = Math.max(1, Math.min(pollInterval.toMillis(), left / 1_000_000));
      if (postgres && listening.tryLock()) {
        boolean notified;
        try {
          notified = listen(waitMillis);
        } finally {
          listening.unlock();
        }
        synchronized (committed) {
          committed.notifyAll();
        }
        if (notified) {
          return;
        }
      } else {
        synchronized (committed) {
          if (ownRevision <= after) {
            committed.wait(waitMillis);
          }
        }
      }
      if (newest() > after) {
        return;
      }
    }
  }

  /** The newest committed revision (on PostgreSQL, not the sequence, which runs ahead). */
  private long newest() {
    String sql =
        postgres ? "SELECT coalesce(max(revision), 0) FROM ipam_changes" : dialect.revisionSql();
    try (Connection c = connections.own();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw dialect.failure("read the revision", e);
    }
  }

  /**
   * Waits up to {@code millis} for a NOTIFY; on any failure, drops the connection (polls).
   *
   * @return whether a notification came
   */
  private boolean listen(long millis) throws InterruptedException {
    try {
      Connection c = listener;
      if (c == null) {
        c = connections.own();
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN ipam4j_changes");
        }
        listener = c;
      }
      org.postgresql.PGConnection pg = c.unwrap(org.postgresql.PGConnection.class);
      org.postgresql.PGNotification[] got =
          pg.getNotifications((int) Math.min(Integer.MAX_VALUE, millis));
      return got != null && got.length > 0;
    } catch (SQLException | RuntimeException | LinkageError e) {
      dropListener();
      Thread.sleep(millis);
      return false;
    }
  }

  private void dropListener() {
    Connection c = listener;
    listener = null;
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Gone either way.
      }
    }
  }

  void close() {
    closed = true;
    listening.lock();
    try {
      dropListener();
    } finally {
      listening.unlock();
    }
  }
}
