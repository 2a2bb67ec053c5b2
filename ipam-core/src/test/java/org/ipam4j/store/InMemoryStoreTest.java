package org.ipam4j.store;

import org.ipam4j.testing.IpamStoreContractTest;

/** The in-memory store against the store contract. */
class InMemoryStoreTest extends IpamStoreContractTest {

  @Override
  protected IpamStore newStore() {
    return IpamStore.inMemory();
  }

  @Override
  protected IpamStore newStore(ChangeRetention retention) {
    return IpamStore.inMemory(retention);
  }
}
