package org.ipam4j.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.ipam4j.jdbc.Dialect;

/**
 * PostgreSQL's own floor under a claim on a shared pool: a round trip ({@code SELECT 1}) and one
 * commit of one 600-byte row with synchronous commit, on one connection with nothing else running,
 * three rounds each (µs per operation). Engines sharing a pool commit one after another, each
 * holding the pool's lock through its WAL flush, so a commit is the least a claim there costs; and
 * four writers sharing one lock the way engines share a pool, with no engine (commits per second).
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
    sharedLock(url);
  }

  private static final int WRITERS = 4;

  /**
   * The floor under engines sharing one pool, without an engine: {@value #WRITERS} threads, each on
   * its own connection, each commit taking one transaction lock (as {@code ipam_lock_pool} does)
   * and reading a 600-byte row in the same statement, then in one round trip inserting a 600-byte
   * row and rewriting the locked one, then committing: three round trips, two inside the lock, and
   * the WAL flush inside it too. Three rounds of five seconds, commits per second in all.
   */
  private static void sharedLock(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE commit_floor_pool (id bigint PRIMARY KEY, body text)");
      s.execute("INSERT INTO commit_floor_pool VALUES (0, repeat('x', 600))");
      s.execute(
          "CREATE FUNCTION commit_floor_lock() RETURNS text LANGUAGE plpgsql AS $$ BEGIN"
              + " PERFORM pg_advisory_xact_lock(42); RETURN (SELECT body FROM commit_floor_pool"
              + " WHERE id = 0); END $$");
    }
    AtomicLong ids = new AtomicLong(1L << 40);
    for (int round = 0; round < 3; round++) {
      long until = System.nanoTime() + 5_000_000_000L;
      AtomicLong commits = new AtomicLong();
      List<Thread> threads = new ArrayList<>();
      AtomicReference<SQLException> failure = new AtomicReference<>();
      for (int w = 0; w < WRITERS; w++) {
        Thread t =
            new Thread(
                () -> {
                  try (Connection c = DriverManager.getConnection(url);
                      PreparedStatement lock = c.prepareStatement("SELECT commit_floor_lock()");
                      PreparedStatement write =
                          c.prepareStatement(
                              "INSERT INTO commit_floor VALUES (?, repeat('y', 600));"
                                  + " UPDATE commit_floor_pool SET body = ? WHERE id = 0")) {
                    c.setAutoCommit(false);
                    while (System.nanoTime() < until) {
                      try (ResultSet rs = lock.executeQuery()) {
                        rs.next();
                        write.setLong(1, ids.incrementAndGet());
                        write.setString(2, rs.getString(1));
                      }
                      write.execute();
                      c.commit();
                      commits.incrementAndGet();
                    }
                  } catch (SQLException e) {
                    failure.set(e);
                  }
                });
        threads.add(t);
        t.start();
      }
      for (Thread t : threads) {
        try {
          t.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (failure.get() != null) {
        throw failure.get();
      }
      System.out.printf("%d writers sharing one lock, commits/s: %d%n", WRITERS, commits.get() / 5);
    }
  }
}
