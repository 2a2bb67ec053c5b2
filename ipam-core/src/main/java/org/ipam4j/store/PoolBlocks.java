package org.ipam4j.store;

import java.util.List;
import java.util.Objects;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.Cidr;

/**
 * What an engine needs to bring its index of a pool up to date, as of one store revision: the pool
 * (whose status counts its allocated addresses exactly) and the blocks of the allocations written
 * after a version the engine already has.
 */
public record PoolBlocks(IPPool pool, List<Cidr> writtenSince) {
  public PoolBlocks {
    Objects.requireNonNull(pool, "pool");
    writtenSince = List.copyOf(writtenSince);
  }
}
