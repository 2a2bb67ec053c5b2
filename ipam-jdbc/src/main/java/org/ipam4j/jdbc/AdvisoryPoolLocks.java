package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * PostgreSQL: an advisory lock keyed by the pool, held by the transaction that this thread's reads
 * and commit then run in (the server queues waiters). The lock is taken by the first statement of a
 * transaction on a connection that this thread's reads and commit then use: the work's commit
 * releases it, with no separate unlock. A work that does not commit has its transaction (and so the
 * lock) ended when it returns. A lock taken inside another on the same thread is a session lock on
 * the same connection, released when its work ends; a commit inside it ends the outer lock early,
 * which only fairness rests on.
 *
 * <p>Every wait is bounded by the store's lock timeout ({@code lock_timeout}, for the lock's
 * transaction only); a lock not had in time is a {@link org.ipam4j.LockTimeoutException} naming the
 * pool.
 */
final class AdvisoryPoolLocks implements PoolLocks {

  private static final int NAMESPACE = 4275022;

  private final Connections connections;

  AdvisoryPoolLocks(Connections connections) {
    this.connections = connections;
  }

  @Override
  public <T> T withPoolLock(String poolKey, Supplier<T> work) {
    SqlDialect dialect = connections.dialect();
    Connection outer = connections.held();
    try {
      if (outer != null) {
        connections.forgetReadAtLock();
        advisory(outer, "pg_advisory_lock", poolKey);
        try {
          return work.get();
        } finally {
          advisory(outer, "pg_advisory_unlock", poolKey);
        }
      }
      Connection c = connections.own();
      RuntimeException failed = null;
      boolean done = false;
      try {
        c.setAutoCommit(false);
        connections.hold(c);
        connections.readAtLock(lockBounded(c, poolKey, dialect));
        T result = work.get();
        if (!c.getAutoCommit()) {
          c.commit();
        }
        done = true;
        return result;
      } catch (RuntimeException e) {
        failed = e;
        throw e;
      } finally {
        connections.release();
        // Cleanup on a connection that may be dead (a terminated backend): its failure must
        // never replace the work's own error, which may say that a commit's outcome is unknown.
        cleanUp(c, dialect, done, failed);
      }
    } catch (SQLException e) {
      throw dialect.failure("lock pool " + poolKey, "IPPool " + poolKey, e);
    }
  }

  /**
   * Takes the transaction's advisory lock having bounded, for this transaction, every lock wait by
   * the store's lock timeout (this one, and the commit's row and trigger locks), and reads the
   * pool's row once the lock is had: one call of {@code ipam_lock_pool} (schema V8), whose read
   * runs after the lock with a snapshot of its own, so it sees every commit made under the lock
   * before.
   *
   * @return the pool's row as of the lock (no body if there is no such pool)
   */
  private static Connections.PoolRow lockBounded(Connection c, String key, SqlDialect dialect)
      throws SQLException {
    int slash = key.indexOf('/');
    String project = key.substring(0, slash);
    String name = key.substring(slash + 1);
    try (PreparedStatement ps =
        c.prepareStatement("SELECT resource_version, body FROM ipam_lock_pool(?, ?, ?, ?)")) {
      ps.setString(1, ((PostgresDialect) dialect).lockTimeoutSetting());
      ps.setString(2, key);
      ps.setString(3, project);
      ps.setString(4, name);
      try (java.sql.ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Connections.PoolRow(project, name, rs.getLong(1), rs.getString(2))
            : new Connections.PoolRow(project, name, 0, null);
      }
    }
  }

  /** Ends what the work left open and returns the connection; failures are only suppressed. */
  private static void cleanUp(
      Connection c, SqlDialect dialect, boolean done, @Nullable RuntimeException failed) {
    try {
      if (!done && !c.getAutoCommit()) {
        dialect.rollback(c);
      }
      c.setAutoCommit(true);
    } catch (SQLException e) {
      if (failed != null) {
        failed.addSuppressed(e);
      }
    } finally {
      try {
        c.close();
      } catch (SQLException e) {
        if (failed != null) {
          failed.addSuppressed(e);
        }
      }
    }
  }

  private static void advisory(Connection c, String function, String key) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + function + "(" + NAMESPACE + ", hashtext(?))")) {
      ps.setString(1, key);
      ps.executeQuery().close();
    }
  }
}
