package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipam4j.StorageException;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pool lock over a connection that dies under its work (a terminated backend): the
 * work's own error is what the caller sees, never the cleanup's.
 */
class AdvisoryPoolLocksTest {

  @Test
  void aDeadConnectionsCleanupNeverHidesTheWorksOwnError() {
    AtomicBoolean dead = new AtomicBoolean();
    Connection connection =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (p, m, args) -> {
                  switch (m.getName()) {
                    case "prepareStatement":
                      return statement();
                    case "getAutoCommit":
                    case "setAutoCommit":
                    case "rollback":
                    case "commit":
                      if (dead.get()) {
                        throw new SQLException("This connection has been closed.", "08003");
                      }
                      return m.getName().equals("getAutoCommit") ? Boolean.FALSE : null;
                    default:
                      return null;
                  }
                });
    Connections connections =
        new Connections(null, new PostgresDialect(), false) {
          @Override
          Connection own() {
            return connection;
          }
        };
    StorageException unknown = new StorageException("the outcome of the commit is unknown");
    assertThatThrownBy(
            () ->
                new AdvisoryPoolLocks(connections)
                    .withPoolLock(
                        "p/pool",
                        () -> {
                          dead.set(true);
                          throw unknown;
                        }))
        .isSameAs(unknown);
    assertThat(unknown.getSuppressed()).isNotEmpty();
    assertThat(connections.held()).isNull();
  }

  private static PreparedStatement statement() {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            PreparedStatement.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (p, m, args) ->
                m.getName().equals("executeQuery")
                    ? Proxy.newProxyInstance(
                        ResultSet.class.getClassLoader(),
                        new Class<?>[] {ResultSet.class},
                        // The lock statement's answer: no pool row.
                        (q, n, a) -> n.getName().equals("next") ? Boolean.FALSE : null)
                    : null);
  }
}
