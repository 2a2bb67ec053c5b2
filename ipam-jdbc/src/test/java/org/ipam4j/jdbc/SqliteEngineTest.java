package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

class SqliteEngineTest extends EngineOnDatabaseTest {

  @Override
  String newDatabaseUrl() {
    try {
      return "jdbc:sqlite:" + Files.createTempDirectory("ipam4j-sqlite").resolve("ipam.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  String dialectFolder() {
    return "sqlite";
  }
}
