package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.StorageException;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.net.Cidr;

/**
 * The schema, created and brought up to date when a store opens, under a lock so that instances
 * starting together migrate one at a time. Scripts live beside this class, per database, as {@code
 * V<n>.sql}; a line {@code -- ipam4j:NAME} runs a step SQL cannot do (a backfill).
 */
final class Migrations {

  /** The newest schema version this release knows. */
  static final int SCHEMA_VERSION = 9;

  private final Connections connections;
  private final SqlDialect dialect;
  private final Rows rows;

  Migrations(Connections connections, Rows rows) {
    this.connections = connections;
    this.dialect = connections.dialect();
    this.rows = rows;
  }

  /**
   * Brings the schema up to date. A schema already current is only read, so that a store opens
   * while another writer holds the database, and in a folder the user may only read.
   *
   * @throws StorageException if the database cannot be reached or is from a newer release
   * @throws org.ipam4j.LockTimeoutException if migrating waited longer than the lock timeout
   */
  void migrate() {
    try (Connection c = connections.connect()) {
      int current = currentVersion(c);
      if (current == SCHEMA_VERSION) {
        return;
      }
      if (current > SCHEMA_VERSION) {
        throw newer(current);
      }
      dialect.beforeMigrating(c);
      dialect.begin(c, true);
      try (Statement s = c.createStatement()) {
        dialect.lockForMigrating(s);
        s.execute("CREATE TABLE IF NOT EXISTS ipam_schema (version INTEGER NOT NULL)");
        int version = 0;
        boolean hasRow = false;
        try (ResultSet rs = s.executeQuery("SELECT version FROM ipam_schema")) {
          if (rs.next()) {
            version = rs.getInt(1);
            hasRow = true;
          }
        }
        if (version > SCHEMA_VERSION) {
          throw newer(version);
        }
        for (int v = version + 1; v <= SCHEMA_VERSION; v++) {
          for (String statement : script(v)) {
            switch (statement) {
              case "-- ipam4j:backfill-blocks" -> backfillBlocks(c);
              case "-- ipam4j:backfill-root-pools" -> backfillRootPools(c);
              case "-- ipam4j:backfill-waits-on" -> backfillWaitsOn(c);
              // V9 changes no table: it marks that bodies may be compact (RowCodec), so that a
              // release before it, which reads only the API's whole JSON, refuses the database
              // rather than failing on its rows. Bodies already stored are read as they are.
              case "-- ipam4j:compact-bodies" -> {}
              default -> s.execute(statement);
            }
          }
        }
        if (!hasRow) {
          s.execute("INSERT INTO ipam_schema (version) VALUES (" + SCHEMA_VERSION + ")");
        } else if (version < SCHEMA_VERSION) {
          s.execute("UPDATE ipam_schema SET version = " + SCHEMA_VERSION);
        }
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        throw e;
      }
      dialect.commit(c);
    } catch (SQLException e) {
      if (dialect.isLockTimeout(e)) {
        throw dialect.failure("prepare the schema", dialect.commitLock("preparing the schema"), e);
      }
      throw new StorageException(
          "cannot prepare the " + dialect.dialect() + " schema: " + e.getMessage(), e);
    }
  }

  /**
   * The stored schema version, read outside any transaction; 0 when there is none yet, or when it
   * cannot be read (the migrating transaction then says why, or creates it).
   */
  private static int currentVersion(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT version FROM ipam_schema")) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      return 0;
    }
  }

  private static StorageException newer(int version) {
    return new StorageException(
        "the database's ipam4j schema is version "
            + version
            + ", newer than this release supports ("
            + SCHEMA_VERSION
            + "); upgrade ipam4j");
  }

  /** V3: the first and last address of every allocation's block, which SQL cannot compute. */
  private void backfillBlocks(Connection c) throws SQLException {
    List<String[]> found = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT project, name, "
                    + dialect.cidrText()
                    + " FROM ipam_objects WHERE kind = 'IPAllocation'")) {
      while (rs.next()) {
        found.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ipam_objects SET block_lo = ?,"
                + " block_hi = ? WHERE kind = 'IPAllocation' AND project = ? AND name = ?")) {
      for (String[] row : found) {
        Cidr block = Rows.parseBlock(row[0] + "/" + row[1], row[2]);
        ps.setString(1, BlockColumns.low(block));
        ps.setString(2, BlockColumns.high(block));
        ps.setString(3, row[0]);
        ps.setString(4, row[1]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * V5: the project address space and block of every root pool, which the overlap trigger reads.
   * Root pools that already overlap (written before V5) stay as they are; the trigger refuses new
   * ones.
   */
  private void backfillRootPools(Connection c) throws SQLException {
    List<IPPool> pools =
        rows.query(
            c,
            "SELECT " + Rows.COLUMNS + " FROM ipam_objects" + " WHERE kind = 'IPPool'",
            IPPool.class);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ipam_objects SET root_space = ?,"
                + " block_lo = ?, block_hi = ? WHERE kind = 'IPPool' AND project = ? AND name = ?")) {
      for (IPPool pool : pools) {
        RowShape.Derived d = RowShape.Derived.of(pool);
        if (d.rootSpace() == null) {
          continue;
        }
        ps.setString(1, d.rootSpace());
        ps.setString(2, d.blockLow());
        ps.setString(3, d.blockHigh());
        ps.setString(4, pool.metadata().project());
        ps.setString(5, pool.metadata().name());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** V8: what every waiting claim waits on, from its spec, for the index of waiting claims. */
  private void backfillWaitsOn(Connection c) throws SQLException {
    List<IpamObject> waiting = rows.query(c, Rows.PENDING_SQL, IpamObject.class);
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE ipam_objects SET waits_on = ? WHERE kind = ? AND project = ? AND name = ?")) {
      for (IpamObject o : waiting) {
        ps.setString(1, RowShape.Derived.of(o).waitsOn());
        ps.setString(2, o.kind().name());
        ps.setString(3, o.metadata().project());
        ps.setString(4, o.metadata().name());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private List<String> script(int version) {
    String path = dialect.folder() + "/V" + version + ".sql";
    try (InputStream in = Migrations.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new StorageException("migration " + path + " is missing from the ipam-jdbc jar");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> statements = new ArrayList<>();
      for (String part : text.split(";\\s*\\n")) {
        if (!part.isBlank()) {
          statements.add(part.trim().replaceAll(";$", ""));
        }
      }
      return statements;
    } catch (IOException e) {
      throw new StorageException("cannot read migration " + path, e);
    }
  }
}
