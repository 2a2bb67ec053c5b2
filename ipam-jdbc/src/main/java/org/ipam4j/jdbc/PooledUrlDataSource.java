package org.ipam4j.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A small pool over a JDBC URL, for callers that bring no pool of their own: idle connections are
 * kept and reused; a borrowed connection goes back to the pool when closed. One that sat idle for a
 * while is checked before it is lent again, so that a database restart, or a proxy that drops quiet
 * connections, costs a reconnect rather than a failed operation. Services should pass their own
 * {@link DataSource} (HikariCP and the like) instead.
 */
final class PooledUrlDataSource implements DataSource, AutoCloseable {

  /** Settings a new physical connection needs once, before it is first lent out. */
  @FunctionalInterface
  interface Setup {
    void apply(Connection c) throws SQLException;
  }

  /** Idle longer than this, a connection is checked with {@link Connection#isValid} first. */
  static final long CHECK_AFTER_NANOS = 10_000_000_000L;

  private record Idle(Connection connection, long since) {}

  private final String url;
  private final Setup setup;
  private final long checkAfterNanos;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  PooledUrlDataSource(String url, Setup setup) {
    this(url, setup, CHECK_AFTER_NANOS);
  }

  PooledUrlDataSource(String url, Setup setup, long checkAfterNanos) {
    this.url = url;
    this.setup = setup;
    this.checkAfterNanos = checkAfterNanos;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Idle i;
    while ((i = idle.pollFirst()) != null) {
      Connection c = i.connection();
      if (!c.isClosed() && (System.nanoTime() - i.since() < checkAfterNanos || c.isValid(5))) {
        return wrap(c);
      }
      closeQuietly(c);
    }
    Connection fresh = DriverManager.getConnection(url);
    try {
      setup.apply(fresh);
    } catch (SQLException e) {
      fresh.close();
      throw e;
    }
    return wrap(fresh);
  }

  private Connection wrap(Connection real) {
    return onClose(
        real,
        () -> {
          if (closed || real.isClosed()) {
            real.close();
          } else {
            if (!real.getAutoCommit()) {
              real.rollback();
              real.setAutoCommit(true);
            }
            idle.offerFirst(new Idle(real, System.nanoTime()));
          }
        });
  }

  /** What closing a lent connection does instead of closing it. */
  @FunctionalInterface
  interface CloseAction {
    void run() throws SQLException;
  }

  /** The connection, with {@code close()} replaced by {@code action}. */
  static Connection onClose(Connection real, CloseAction action) {
    return (Connection)
        java.lang.reflect.Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                action.run();
                return null;
              }
              try {
                return method.invoke(real, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    Idle i;
    while ((i = idle.pollFirst()) != null) {
      closeQuietly(i.connection());
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Dropping it; nothing to do about a connection that will not close.
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials go in the URL");
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
