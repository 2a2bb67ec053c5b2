package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import org.ipam4j.net.Cidr;

/** An allocation's block and phase. */
public record IPAllocationStatus(
    AllocationPhase phase, Cidr allocatedCIDR, List<Condition> conditions) {
  public IPAllocationStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    conditions = List.copyOf(conditions);
  }
}
