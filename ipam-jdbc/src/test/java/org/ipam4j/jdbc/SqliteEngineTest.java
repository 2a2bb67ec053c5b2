package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

class SqliteEngineTest extends EngineOnDatabaseTest {

  @Override
  String newDatabaseUrl() {
    try {
      return "jdbc:sqlite:" + Files.createTempDirectory("ipam4j-sqlite").resolve("ipam.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  String dialectFolder() {
    return "sqlite";
  }

  @Override
  String planOf(String url, String sql) throws SQLException {
    StringBuilder plan = new StringBuilder();
    try (Connection c = DriverManager.getConnection(url);
        PreparedStatement ps = c.prepareStatement("EXPLAIN QUERY PLAN " + sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        plan.append(rs.getString(4)).append('\n');
      }
    }
    return plan.toString();
  }
}
