package org.ipam4j.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
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

  /** Marks a URL that no supported driver on the class path takes: DriverManager decides. */
  static final Driver NO_KNOWN_DRIVER = new NoDriver();

  private final String url;
  private final Setup setup;
  private final long checkAfterNanos;
  private final ConcurrentLinkedDeque<Idle> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  /** The driver asked for new connections, found on first use. */
  private volatile @Nullable Driver driver;

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
    Connection fresh = open();
    try {
      setup.apply(fresh);
    } catch (SQLException e) {
      fresh.close();
      throw e;
    }
    return wrap(fresh);
  }

  /**
   * A new connection. The two drivers the store supports are asked directly when the URL is theirs
   * and they are on the class path: {@link DriverManager} would first find, load and start every
   * driver on the class path (the PostgreSQL driver, to open an SQLite file), which was a tenth of
   * a short {@code ipamctl} command. Any other URL, or a driver that declines it, goes through
   * {@link DriverManager} as usual.
   */
  private Connection open() throws SQLException {
    Driver d = driver;
    if (d == null) {
      d = knownDriver(url);
      driver = d;
    }
    Connection c = d == NO_KNOWN_DRIVER ? null : d.connect(url, new Properties());
    return c != null ? c : DriverManager.getConnection(url);
  }

  /** The supported driver whose URLs start like {@code url}, or {@link #NO_KNOWN_DRIVER}. */
  static Driver knownDriver(String url) {
    String name =
        url.startsWith("jdbc:sqlite:")
            ? "org.sqlite.JDBC"
            : url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : null;
    if (name == null) {
      return NO_KNOWN_DRIVER;
    }
    try {
      return (Driver)
          Class.forName(name, true, PooledUrlDataSource.class.getClassLoader())
              .getConstructor()
              .newInstance();
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      return NO_KNOWN_DRIVER; // not on the class path, or not the driver we know: DriverManager
    }
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

  /** The connection, with {@code close()} replaced by {@code action}. */
  static Connection onClose(Connection real, LentConnection.CloseAction action) {
    return new LentConnection(real, action);
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

  /** The driver that takes no URL: {@link #NO_KNOWN_DRIVER}. */
  private static final class NoDriver implements Driver {
    @Override
    public @Nullable Connection connect(String url, Properties info) {
      return null;
    }

    @Override
    public boolean acceptsURL(String url) {
      return false;
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
      return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
      return 0;
    }

    @Override
    public int getMinorVersion() {
      return 0;
    }

    @Override
    public boolean jdbcCompliant() {
      return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }
  }
}
