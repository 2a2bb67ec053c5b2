package org.ipam4j.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;

/**
 * The pages one claim's commit writes on SQLite, counted, not timed: a pool holding {@code HELD}
 * claims (default 500), the WAL emptied ({@code PRAGMA wal_checkpoint(TRUNCATE)} from a second
 * connection), then {@code N} claims (default 40, few enough that SQLite's own checkpoint at 1,000
 * frames does not run), then the WAL's frames ({@code PRAGMA wal_checkpoint(PASSIVE)}) divided by
 * {@code N}. Deterministic for one build, so two builds compare in one run each. Run: {@code java
 * -cp benchmarks.jar org.ipam4j.benchmarks.CommitPages [HELD [N]]}.
 */
public final class CommitPages {

  private CommitPages() {}

  public static void main(String[] args) throws Exception {
    int held = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Path db = Files.createTempDirectory("ipam4j-pages").resolve("ipam.db");
    String url = "jdbc:sqlite:" + db;
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/8")));
      for (int i = 0; i < held; i++) {
        engine.applyClaim(claim("held-" + i));
      }
      long before = frames(url, "TRUNCATE");
      for (int i = 0; i < n; i++) {
        engine.applyClaim(claim("new-" + i));
      }
      long after = frames(url, "PASSIVE");
      System.out.printf(
          "SQLite WAL frames per claim, %d held: %.2f (%d frames over %d claims; %d left before)%n",
          held, after / (double) n, after, n, before);
    }
  }

  private static IPClaim claim(String name) {
    return IPClaim.of("bench", name, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool"));
  }

  /** Runs a checkpoint from a connection of its own; the frames the WAL held. */
  private static long frames(String url, String mode) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
      rs.next();
      if (rs.getInt(1) != 0) {
        throw new IllegalStateException("the checkpoint was blocked");
      }
      return rs.getLong(2);
    }
  }
}
