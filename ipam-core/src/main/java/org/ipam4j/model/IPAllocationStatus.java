package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import org.ipam4j.net.Cidr;

/**
 * An allocation's block and phase.
 *
 * @param phase {@code Ready} for every allocation ipam4j writes
 * @param allocatedCIDR the block the allocation holds
 * @param conditions the allocation's conditions
 */
public record IPAllocationStatus(
    AllocationPhase phase, Cidr allocatedCIDR, List<Condition> conditions) {
  /**
   * Checks that no component is null, and copies {@code conditions}.
   *
   * @param phase {@code Ready} for every allocation ipam4j writes
   * @param allocatedCIDR the block the allocation holds
   * @param conditions the allocation's conditions
   */
  public IPAllocationStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    conditions = List.copyOf(conditions);
  }
}
