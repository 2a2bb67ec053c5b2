package org.ipam4j.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.StaleWriteException;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.Write;

/**
 * SQLite's root-pool trigger raises a bare message (SQLite before 3.48 cannot read a trigger that
 * computes one): after the rollback, the store finds the pools it meant, in the stored root pools
 * and among the commit's own, and names them as PostgreSQL's trigger does.
 */
final class RootOverlap {

  private static final String REFUSAL = "ipam_no_overlapping_root_pools";

  private RootOverlap() {}

  static boolean isUnnamed(SQLException e) {
    String message = String.valueOf(e.getMessage());
    return message.contains(REFUSAL) && !message.contains(REFUSAL + ":");
  }

  static StaleWriteException name(Connection c, List<Write> writes, SQLException e)
      throws SQLException {
    // New pools first: the trigger fires on the row being written, most often a new one.
    List<IPPool> roots = new ArrayList<>();
    for (boolean created : new boolean[] {true, false}) {
      for (Write w : writes) {
        if (w instanceof Write.Put put
            && put.object() instanceof IPPool pool
            && pool.rootBlock().isPresent()
            && (put.expectedVersion() == 0) == created) {
          roots.add(pool);
        }
      }
    }
    for (IPPool pool : roots) {
      Cidr block = pool.rootBlock().orElseThrow();
      String project = pool.metadata().project();
      for (IPPool other : roots) {
        Cidr otherBlock = other.rootBlock().orElseThrow();
        if (other != pool
            && other.metadata().project().equals(project)
            && otherBlock.overlaps(block)) {
          return StaleWriteException.rootPoolsOverlap(
              project, pool.metadata().name(), block, other.metadata().name());
        }
      }
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT name FROM ipam_objects WHERE"
                  + " root_space = ? AND block_lo <= ? AND block_hi >= ? AND NOT (project = ? AND"
                  + " name = ?) ORDER BY block_lo DESC LIMIT 1")) {
        ps.setString(1, project + "/" + block.family());
        ps.setString(2, BlockColumns.high(block));
        ps.setString(3, BlockColumns.low(block));
        ps.setString(4, project);
        ps.setString(5, pool.metadata().name());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return StaleWriteException.rootPoolsOverlap(
                project, pool.metadata().name(), block, rs.getString(1));
          }
        }
      }
    }
    return new StaleWriteException("concurrent writer: " + e.getMessage());
  }
}
