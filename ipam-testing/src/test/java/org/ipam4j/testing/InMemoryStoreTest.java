package org.ipam4j.testing;

import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;

/** The in-memory store against the store contract. */
class InMemoryStoreTest extends IpamStoreContract {

  @Override
  protected IpamStore newStore() {
    return IpamStore.inMemory();
  }

  @Override
  protected IpamStore newStore(ChangeRetention retention) {
    return IpamStore.inMemory(retention);
  }
}
