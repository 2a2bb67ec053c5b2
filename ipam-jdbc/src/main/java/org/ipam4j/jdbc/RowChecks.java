package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.StorageException;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.StoreContents;
import org.jspecify.annotations.Nullable;

/**
 * The store check's reads: every row, each decoded and its derived columns compared with what its
 * body says ({@link RowShape.Derived}), so that a row a bug or a hand edit broke is named, never
 * trusted.
 */
final class RowChecks {

  private final Connections connections;
  private final SqlDialect dialect;
  private final Rows rows;

  RowChecks(Connections connections, Rows rows) {
    this.connections = connections;
    this.dialect = connections.dialect();
    this.rows = rows;
  }

  /**
   * Every row: the objects that read back, and the rows that do not, or whose derived columns
   * (pool, block, root space) disagree with their body.
   */
  StoreContents contents() {
    List<IpamObject> objects = new ArrayList<>();
    List<StoreContents.BadRow> bad = new ArrayList<>();
    try (Connection c = connections.connect();
        PreparedStatement ps = c.prepareStatement(checkedSql() + " ORDER BY kind, project, name");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Checked row = checked(rs);
        if (row.object() != null) {
          objects.add(row.object());
        }
        if (row.problem() != null) {
          bad.add(
              new StoreContents.BadRow(
                  rs.getString(1), rs.getString(2), rs.getString(3), row.problem()));
        }
      }
    } catch (SQLException e) {
      throw dialect.failure("read every row", e);
    }
    return new StoreContents(objects, bad);
  }

  /**
   * Whether the row does not read back, or its columns disagree with it: {@link #contents()}'s test
   * for one row.
   *
   * @throws org.ipam4j.NotFoundException if there is no such row
   */
  boolean isBadRow(String kind, String project, String name) {
    try (Connection c = connections.connect();
        PreparedStatement ps =
            c.prepareStatement(checkedSql() + " WHERE kind = ? AND project = ? AND name = ?")) {
      ps.setString(1, kind);
      ps.setString(2, project);
      ps.setString(3, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new org.ipam4j.NotFoundException(
              "no " + kind + " \"" + name + "\" in project " + project);
        }
        return checked(rs).problem() != null;
      }
    } catch (SQLException e) {
      throw dialect.failure("read " + kind + " " + project + "/" + name, e);
    }
  }

  /** A row's object (null if it does not read back) and what is wrong with it (null if not). */
  private record Checked(@Nullable IpamObject object, @Nullable String problem) {}

  /** Every column of a row, for {@link #checked}. */
  private String checkedSql() {
    return "SELECT "
        + Rows.COLUMNS
        + ", pool_key, "
        + dialect.cidrText()
        + ", block_lo, block_hi, root_space, waits_on FROM ipam_objects";
  }

  private Checked checked(ResultSet rs) throws SQLException {
    IpamObject object;
    try {
      object = rows.decode(rs);
    } catch (StorageException e) {
      return new Checked(null, String.valueOf(e.getMessage()));
    }
    RowShape.Derived want = RowShape.Derived.of(object);
    String[] stored = {
      rs.getString(6),
      rs.getString(7),
      rs.getString(8),
      rs.getString(9),
      rs.getString(10),
      rs.getString(11)
    };
    String[] derived = {
      want.poolKey(),
      want.cidr(),
      want.blockLow(),
      want.blockHigh(),
      want.rootSpace(),
      want.waitsOn()
    };
    if (java.util.Arrays.equals(stored, derived)) {
      return new Checked(object, null);
    }
    return new Checked(
        object,
        "row "
            + object.kind()
            + " "
            + object.metadata().key()
            + " of ipam_objects is corrupt: its columns (pool_key, cidr, block_lo, block_hi,"
            + " root_space, waits_on) are "
            + java.util.Arrays.toString(stored)
            + ", its body says "
            + java.util.Arrays.toString(derived));
  }
}
