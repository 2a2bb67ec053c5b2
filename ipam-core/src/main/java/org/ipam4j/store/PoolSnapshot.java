package org.ipam4j.store;

import java.util.List;
import java.util.Objects;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPPool;

/** A pool and every allocation carved from it, as of one store revision. */
public record PoolSnapshot(IPPool pool, List<IPAllocation> allocations) {
  public PoolSnapshot {
    Objects.requireNonNull(pool, "pool");
    allocations = List.copyOf(allocations);
  }
}
