package org.ipam4j.jdbc;

class PostgresEngineTest extends EngineOnDatabaseTest {

  @Override
  String newDatabaseUrl() {
    return PostgresTests.freshDatabaseUrl();
  }

  @Override
  String dialectFolder() {
    return "postgresql";
  }
}
