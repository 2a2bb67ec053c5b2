package org.ipam4j.jdbc;

import org.ipam4j.store.IpamStore;
import org.ipam4j.testing.IpamStoreContractTest;

/** The PostgreSQL store against the store contract, on a real server. */
class PostgresStoreContractTest extends IpamStoreContractTest {

  @Override
  protected IpamStore newStore() {
    return JdbcStore.open(PostgresTests.freshDatabaseUrl());
  }
}
