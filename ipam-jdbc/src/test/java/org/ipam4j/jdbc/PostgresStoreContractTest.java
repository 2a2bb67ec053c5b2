package org.ipam4j.jdbc;

import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;
import org.ipam4j.testing.IpamStoreContract;

/** The PostgreSQL store against the store contract, on a real server. */
class PostgresStoreContractTest extends IpamStoreContract {

  private String url;

  @Override
  protected IpamStore newStore() {
    url = PostgresTests.freshDatabaseUrl();
    return JdbcStore.open(url);
  }

  @Override
  protected IpamStore newStore(ChangeRetention retention) {
    return JdbcStore.builder().changeRetention(retention).open(PostgresTests.freshDatabaseUrl());
  }

  @Override
  protected IpamStore sameDataAgain() {
    return JdbcStore.open(url);
  }
}
