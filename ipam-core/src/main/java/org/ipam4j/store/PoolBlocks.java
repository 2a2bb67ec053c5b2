package org.ipam4j.store;

import java.util.List;
import java.util.Objects;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.Cidr;

/**
 * What an engine needs to bring its index of a pool up to date, as of one store revision: the pool
 * (whose status counts its allocated addresses exactly) and the blocks of the allocations written
 * after a version the engine already has.
 *
 * @param pool the pool as stored at that revision
 * @param writtenSince the blocks of allocations written since the version asked about, in no order
 */
public record PoolBlocks(IPPool pool, List<Cidr> writtenSince) {
  /**
   * Checks that the pool is not null, and copies the blocks.
   *
   * @param pool the pool as stored at that revision
   * @param writtenSince the blocks of allocations written since the version asked about, in no
   *     order
   */
  public PoolBlocks {
    Objects.requireNonNull(pool, "pool");
    writtenSince = List.copyOf(writtenSince);
  }
}
