package org.ipam4j.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;

/**
 * The database's own floor for a batch: the exact rows one 10,000-claim batch writes (its object
 * rows and its change rows, taken from a real batch), inserted again in one transaction into a
 * fresh ipam4j schema (same indexes and triggers), with no engine, no JSON and nothing else on the
 * thread: by plain JDBC batches on SQLite, by one {@code COPY} a table on PostgreSQL. Printed
 * beside it: the same with the change rows left out, the same with every body cut to 64 bytes (the
 * floor of any smaller row shape), and the engine's own batch of 10,000 claims in the same run.
 * Five rounds of each, alternating; µs per claim, median and range.
 *
 * <p>{@code java -cp benchmarks.jar org.ipam4j.benchmarks.BatchFloor SQLITE|POSTGRESQL}
 */
public final class BatchFloor {

  private static final int CLAIMS = JdbcBatchBenchmark.CLAIMS;
  private static final int ROUNDS = 5;

  private BatchFloor() {}

  /** A row of ipam_objects or ipam_changes, as stored, every column as text or null. */
  private record Row(String table, List<String> columns, List<Object> values) {}

  public static void main(String[] args) throws SQLException {
    Dialect dialect = Dialect.valueOf(args.length > 0 ? args[0] : "SQLITE");
    String source = JdbcClaimBenchmark.databaseUrl(dialect);
    List<Row> objects = new ArrayList<>();
    List<Row> changes = new ArrayList<>();
    try (JdbcStore store = JdbcStore.open(source)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/16")));
      long before = store.revision();
      engine.applyClaims(claims("c", "pool"));
      try (Connection c = DriverManager.getConnection(source)) {
        rows(c, "SELECT * FROM ipam_objects WHERE kind <> 'IPPool'", "ipam_objects", objects);
        rows(c, "SELECT * FROM ipam_changes WHERE revision > " + before, "ipam_changes", changes);
      }
    }
    List<Row> cut = cutBodies(objects);
    List<Row> cutChanges = cutBodies(changes);
    long[] floor = new long[ROUNDS];
    long[] objectsOnly = new long[ROUNDS];
    long[] smallest = new long[ROUNDS];
    long[] engine = new long[ROUNDS];
    for (int r = 0; r < ROUNDS; r++) {
      floor[r] = insert(dialect, objects, changes);
      objectsOnly[r] = insert(dialect, objects, List.of());
      smallest[r] = insert(dialect, cut, cutChanges);
      engine[r] = engineBatch(dialect, r);
    }
    long changeBytes = 0;
    for (Row row : changes) {
      Object body = row.values().get(row.columns().indexOf(column(row, "body")));
      changeBytes += body == null ? 0 : body.toString().length();
    }
    System.out.printf(
        "%s, %,d claims (%,d object rows, %,d change rows), µs a claim (median; min-max of %d):%n",
        dialect, CLAIMS, objects.size(), changes.size(), ROUNDS);
    System.out.println("  rows alone, objects and changes: " + summary(floor));
    System.out.println("  rows alone, objects only:        " + summary(objectsOnly));
    System.out.println(
        "  rows alone, objects and changes, every body cut to "
            + CUT
            + " bytes: "
            + summary(smallest));
    System.out.printf("  change rows' bodies: %,d bytes in all%n", changeBytes);
    System.out.println("  the engine's batch:              " + summary(engine));
  }

  /**
   * Fewer characters than any object's irreducible text (a uid and a creation time alone are 66):
   * the rows with every body cut to this are the floor of any row shape that keeps one row per
   * claim and per allocation with their key and block columns, the per-row overlap defence, and a
   * change row per object.
   */
  private static final int CUT = 64;

  /** The rows with every body cut to {@link #CUT} characters; a marker's null body stays null. */
  private static List<Row> cutBodies(List<Row> rows) {
    String body = "{\"u\":\"" + "0".repeat(CUT - 8) + "\"}";
    List<Row> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      List<Object> values = new ArrayList<>(row.values());
      int at = row.columns().indexOf(column(row, "body"));
      if (values.get(at) != null) {
        values.set(at, body);
      }
      out.add(new Row(row.table(), row.columns(), values));
    }
    return out;
  }

  /** The column's name as the driver spelled it (PostgreSQL lower case, SQLite as created). */
  private static String column(Row row, String name) {
    for (String c : row.columns()) {
      if (c.equalsIgnoreCase(name)) {
        return c;
      }
    }
    throw new IllegalStateException("no column " + name + " in " + row.table());
  }

  private static List<IPClaim> claims(String prefix, String pool) {
    List<IPClaim> out = new ArrayList<>(CLAIMS);
    for (int i = 0; i < CLAIMS; i++) {
      out.add(IPClaim.of("bench", prefix + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, pool)));
    }
    return out;
  }

  private static void rows(Connection c, String sql, String table, List<Row> out)
      throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        columns.add(rs.getMetaData().getColumnName(i));
      }
      while (rs.next()) {
        List<Object> values = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          values.add(rs.getObject(i));
        }
        out.add(new Row(table, columns, values));
      }
    }
  }

  /**
   * The rows into a fresh schema (a pool row first, for the triggers), one transaction; µs/claim.
   */
  private static long insert(Dialect dialect, List<Row> objects, List<Row> changes)
      throws SQLException {
    String url = JdbcClaimBenchmark.databaseUrl(dialect);
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/16")));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      long start = System.nanoTime();
      if (dialect == Dialect.POSTGRESQL) {
        copy(c, objects);
        copy(c, changes);
      } else {
        write(c, objects);
        write(c, changes);
      }
      c.commit();
      return (System.nanoTime() - start) / 1000 / CLAIMS;
    }
  }

  /** SQLite: one prepared insert, bound per row, executed in batches of 512. */
  private static void write(Connection c, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    Row first = rows.get(0);
    String marks = String.join(", ", java.util.Collections.nCopies(first.columns().size(), "?"));
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + first.table()
                + " ("
                + String.join(", ", first.columns())
                + ") VALUES ("
                + marks
                + ")")) {
      int n = 0;
      for (Row row : rows) {
        for (int i = 0; i < row.values().size(); i++) {
          ps.setObject(i + 1, row.values().get(i));
        }
        ps.addBatch();
        if (++n % 512 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
  }

  /**
   * PostgreSQL: the rows as one {@code COPY ... FROM STDIN} in its text format, the fastest way
   * rows go into a table (faster than the driver's multi-row inserts, which the floor used before
   * 2026-12-07 and which the engine's own {@code COPY} beat once its rows were compact).
   */
  private static void copy(Connection c, List<Row> rows) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder(rows.size() * 700);
    for (Row row : rows) {
      for (int i = 0; i < row.values().size(); i++) {
        if (i > 0) {
          text.append('\t');
        }
        Object v = row.values().get(i);
        if (v == null) {
          text.append("\\N");
        } else {
          String value = v.toString();
          for (int k = 0; k < value.length(); k++) {
            char ch = value.charAt(k);
            switch (ch) {
              case '\\' -> text.append("\\\\");
              case '\t' -> text.append("\\t");
              case '\n' -> text.append("\\n");
              case '\r' -> text.append("\\r");
              default -> text.append(ch);
            }
          }
        }
      }
      text.append('\n');
    }
    try {
      c.unwrap(org.postgresql.PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY "
                  + rows.get(0).table()
                  + " ("
                  + String.join(", ", rows.get(0).columns())
                  + ") FROM STDIN",
              new java.io.StringReader(text.toString()));
    } catch (java.io.IOException e) {
      throw new SQLException(e);
    }
  }

  private static long engineBatch(Dialect dialect, int round) {
    try (JdbcStore store = JdbcStore.open(JdbcClaimBenchmark.databaseUrl(dialect))) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/16")));
      List<IPClaim> batch = claims("e" + round + "-", "pool");
      long start = System.nanoTime();
      engine.applyClaims(batch);
      return (System.nanoTime() - start) / 1000 / CLAIMS;
    }
  }

  /** Median; min-max, of figures in µs. */
  static String summary(long[] micros) {
    long[] sorted = micros.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] + "; " + sorted[0] + "-" + sorted[sorted.length - 1];
  }
}
