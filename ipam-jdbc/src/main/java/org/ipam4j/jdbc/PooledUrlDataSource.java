package org.ipam4j.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A small pool over a JDBC URL, for callers that bring no pool of their own: idle connections are
 * kept and reused; a borrowed connection goes back to the pool when closed. Services should pass
 * their own {@link DataSource} (HikariCP and the like) instead.
 */
final class PooledUrlDataSource implements DataSource, AutoCloseable {

  /** Settings a new physical connection needs once, before it is first lent out. */
  @FunctionalInterface
  interface Setup {
    void apply(Connection c) throws SQLException;
  }

  private final String url;
  private final Setup setup;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  PooledUrlDataSource(String url, Setup setup) {
    this.url = url;
    this.setup = setup;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      if (!c.isClosed()) {
        return wrap(c);
      }
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
    return (Connection) java.lang.reflect.Proxy.newProxyInstance(
        Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, args) -> {
          if (method.getName().equals("close") && method.getParameterCount() == 0) {
            if (closed || real.isClosed()) {
              real.close();
            } else {
              if (!real.getAutoCommit()) {
                real.rollback();
                real.setAutoCommit(true);
              }
              idle.offerFirst(real);
            }
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
    Connection c;
    while ((c = idle.pollFirst()) != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // Closing; nothing to do about a connection that will not close.
      }
    }
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException("credentials go in the URL");
  }

  @Override
  public PrintWriter getLogWriter() {
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
