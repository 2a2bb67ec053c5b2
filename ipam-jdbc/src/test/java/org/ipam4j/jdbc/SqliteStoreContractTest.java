package org.ipam4j.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;
import org.ipam4j.testing.IpamStoreContract;

/** The SQLite store against the store contract. */
class SqliteStoreContractTest extends IpamStoreContract {

  /** Every database of this class lives here, removed after its tests. */
  @org.junit.jupiter.api.io.TempDir static java.nio.file.Path scratch;

  private String url;

  @Override
  protected IpamStore newStore() {
    try {
      url = "jdbc:sqlite:" + Files.createTempDirectory(scratch, "ipam4j-sqlite").resolve("ipam.db");
      return JdbcStore.open(url);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected IpamStore newStore(ChangeRetention retention) {
    try {
      String other =
          "jdbc:sqlite:" + Files.createTempDirectory(scratch, "ipam4j-sqlite").resolve("ipam.db");
      return JdbcStore.builder().changeRetention(retention).open(other);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected IpamStore sameDataAgain() {
    return JdbcStore.open(url);
  }
}
