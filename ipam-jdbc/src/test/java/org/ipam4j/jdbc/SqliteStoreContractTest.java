package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.ipam4j.store.IpamStore;
import org.ipam4j.testing.IpamStoreContractTest;

/** The SQLite store against the store contract. */
class SqliteStoreContractTest extends IpamStoreContractTest {

  @Override
  protected IpamStore newStore() {
    try {
      return JdbcStore.open("jdbc:sqlite:" + Files.createTempDirectory("ipam4j-sqlite")
          .resolve("ipam.db"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
