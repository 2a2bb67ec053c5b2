package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

class PooledUrlDataSourceTest {

  @TempDir Path dir;

  @Test
  void theSupportedDriversAreAskedDirectlyAndAnyOtherUrlGoesToDriverManager() {
    assertThat(PooledUrlDataSource.knownDriver("jdbc:sqlite:" + dir.resolve("a.db")))
        .isInstanceOf(org.sqlite.JDBC.class);
    assertThat(PooledUrlDataSource.knownDriver("jdbc:postgresql://localhost/x"))
        .isInstanceOf(org.postgresql.Driver.class);
    assertThat(PooledUrlDataSource.knownDriver("jdbc:nosuch:x"))
        .isSameAs(PooledUrlDataSource.NO_KNOWN_DRIVER);
    try (PooledUrlDataSource pool = new PooledUrlDataSource("jdbc:nosuch:x", c -> {})) {
      assertThatThrownBy(pool::getConnection)
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("No suitable driver");
    }
  }

  @Test
  void aClosedConnectionGoesBackToThePoolRolledBack() throws SQLException {
    SQLiteConnection first;
    try (PooledUrlDataSource pool =
        new PooledUrlDataSource("jdbc:sqlite:" + dir.resolve("b.db"), c -> {})) {
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement()) {
        first = c.unwrap(SQLiteConnection.class);
        s.execute("CREATE TABLE t (x INTEGER)");
        c.setAutoCommit(false);
        s.execute("INSERT INTO t VALUES (1)");
      }
      assertThat(first.isClosed()).as("kept open, in the pool").isFalse();
      try (Connection c = pool.getConnection();
          Statement s = c.createStatement();
          ResultSet rows = s.executeQuery("SELECT count(*) FROM t")) {
        assertThat(c.unwrap(SQLiteConnection.class)).as("the same connection").isSameAs(first);
        assertThat(c.getAutoCommit()).isTrue();
        rows.next();
        assertThat(rows.getInt(1)).as("the open transaction was rolled back").isZero();
      }
    }
    assertThat(first.isClosed()).as("closed with the pool").isTrue();
  }

  /** Every method but close goes to the real connection, with the same arguments and result. */
  @Test
  void aLentConnectionPassesEveryOtherCallThrough() throws Throwable {
    List<String> seen = new ArrayList<>();
    Connection real =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  seen.add(method.getName() + Arrays.toString(args == null ? new Object[0] : args));
                  return defaultValue(method.getReturnType());
                });
    int[] closes = {0};
    Connection lent = new LentConnection(real, () -> closes[0]++);
    for (Method m : Connection.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) || m.getName().equals("close")) {
        continue;
      }
      Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = sample(m.getParameterTypes()[i], i);
      }
      seen.clear();
      m.invoke(lent, args);
      assertThat(seen).as(m.toString()).containsExactly(m.getName() + Arrays.toString(args));
    }
    seen.clear();
    lent.close();
    assertThat(seen).as("close is the lender's").isEmpty();
    assertThat(closes[0]).isEqualTo(1);
  }

  private static Object sample(Class<?> type, int i) {
    if (type == int.class) {
      return 7 + i;
    }
    if (type == boolean.class) {
      return true;
    }
    if (type == String.class) {
      return "s" + i;
    }
    if (type == Class.class) {
      return Connection.class;
    }
    if (type.isArray()) {
      return java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
    }
    if (type.isInterface()) {
      return Proxy.newProxyInstance(
          type.getClassLoader(),
          new Class<?>[] {type},
          (p, m, a) -> defaultValue(m.getReturnType()));
    }
    if (type == java.util.Properties.class) {
      return new java.util.Properties();
    }
    throw new AssertionError("no sample for " + type);
  }

  private static Object defaultValue(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    return null;
  }
}
