package org.ipam4j.jdbc;

import java.sql.SQLException;

class PostgresCorruptRowsTest extends CorruptRowsTest {

  @Override
  String newDatabaseUrl() {
    return PostgresTests.freshDatabaseUrl();
  }

  @Override
  void dropAllocationGuard() throws SQLException {
    sql("DROP TRIGGER ipam_allocation_still_bound ON ipam_objects");
  }

  @Override
  void dropOverlapGuard() throws SQLException {
    sql("DROP TRIGGER ipam_no_overlapping_blocks ON ipam_objects");
  }
}
