package org.ipam4j.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.ipam4j.jdbc.Dialect;

/**
 * PostgreSQL's own floor under a claim on a shared pool: a round trip ({@code SELECT 1}) and one
 * commit of one 600-byte row with synchronous commit, on one connection with nothing else running,
 * three rounds each (µs per operation). Engines sharing a pool commit one after another, each
 * holding the pool's lock through its WAL flush, so a commit is the least a claim there costs.
 *
 * <p>{@code java -cp benchmarks.jar org.ipam4j.benchmarks.CommitFloor}
 */
public final class CommitFloor {

  private CommitFloor() {}

  public static void main(String[] args) throws SQLException {
    String url = JdbcClaimBenchmark.databaseUrl(Dialect.POSTGRESQL);
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE commit_floor (id bigint PRIMARY KEY, body text)");
      }
      try (PreparedStatement select = c.prepareStatement("SELECT 1")) {
        for (int round = 0; round < 3; round++) {
          long start = System.nanoTime();
          for (int i = 0; i < 5000; i++) {
            select.executeQuery().close();
          }
          System.out.printf("round trip: %.0f µs%n", (System.nanoTime() - start) / 5000 / 1000.0);
        }
      }
      c.setAutoCommit(false);
      String body = "x".repeat(600);
      long id = 0;
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO commit_floor VALUES (?, ?)")) {
        for (int round = 0; round < 3; round++) {
          long start = System.nanoTime();
          for (int i = 0; i < 1000; i++) {
            insert.setLong(1, id++);
            insert.setString(2, body);
            insert.executeUpdate();
            c.commit();
          }
          System.out.printf(
              "insert + commit: %.0f µs%n", (System.nanoTime() - start) / 1000 / 1000.0);
        }
      }
    }
  }
}
