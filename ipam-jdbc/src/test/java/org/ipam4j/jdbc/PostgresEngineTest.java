package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

class PostgresEngineTest extends EngineOnDatabaseTest {

  @Override
  String newDatabaseUrl() {
    return PostgresTests.freshDatabaseUrl();
  }

  @Override
  String dialectFolder() {
    return "postgresql";
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
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("SET plan_cache_mode = force_generic_plan");
      s.execute("PREPARE q AS " + numbered);
      try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE q"
          + (values.isEmpty() ? "" : "(" + String.join(", ", values) + ")"))) {
        while (rs.next()) {
          plan.append(rs.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }
}
