package org.ipam4j.jdbc;

import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteCorruptRowsTest extends CorruptRowsTest {

  @TempDir static Path scratch;

  @Override
  String newDatabaseUrl() {
    return "jdbc:sqlite:" + scratch.resolve("c" + System.nanoTime() + ".db");
  }

  @Override
  void dropAllocationGuard() throws SQLException {
    sql("DROP TRIGGER ipam_allocation_still_bound");
  }

  @Override
  void dropOverlapGuard() throws SQLException {
    sql("DROP TRIGGER ipam_no_overlapping_blocks");
    sql("DROP TRIGGER ipam_no_overlapping_blocks_on_update");
  }
}
