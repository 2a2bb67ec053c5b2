package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;

class PostgresEngineTest extends EngineOnDatabaseTest {

  @Override
  String newDatabaseUrl() {
    return PostgresTests.freshDatabaseUrl();
  }

  @Override
  String dialectFolder() {
    return "postgresql";
  }

  @Test
  void aConnectionTheServerDroppedIsReplacedNotReported() throws SQLException {
    String url = newDatabaseUrl();
    try (JdbcStore store = JdbcStore.open(url, 0)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      // As a server restart or a proxy's idle timeout would: the pooled connections die.
      sql(
          url,
          "DO $$ BEGIN PERFORM pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = current_database() AND pid <> pg_backend_pid(); END $$");
      assertThat(
              engine
                  .applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")))
                  .object()
                  .isBound())
          .isTrue();
    }
  }

  /** The generic plan, which a driver's server-prepared statement runs after a few uses. */
  @Override
  String planOf(String url, String sql) throws SQLException {
    StringBuilder numbered = new StringBuilder();
    List<String> values = new ArrayList<>();
    for (char ch : sql.toCharArray()) {
      if (ch == '?') {
        values.add("'0'");
        numbered.append('$').append(values.size());
      } else {
        numbered.append(ch);
      }
    }
    StringBuilder plan = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE q AS " + numbered);
      try (ResultSet rs =
          s.executeQuery(
              "EXPLAIN EXECUTE q"
                  + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")"))) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }
}
