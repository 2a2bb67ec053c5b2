package org.ipam4j.model;

import java.time.Instant;
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

  /**
   * The message of the {@code Ready} condition of every allocation ipam4j makes: one string for all
   * of them (the block is {@code allocatedCIDR}), since each allocation held in memory would keep
   * its own copy otherwise.
   */
  private static final String ALLOCATED_MESSAGE = "the block in status.allocatedCIDR is allocated";

  /** The condition's type and reason, shared by {@link #ready} and {@link #isReadySince}. */
  private static final String READY = "Ready";

  private static final String ALLOCATED = "Allocated";

  /**
   * The status of an allocation ipam4j made at {@code at}: {@code Ready}, holding {@code block},
   * with a {@code Ready} condition (reason {@code Allocated}) since then.
   *
   * @param block the block the allocation holds
   * @param at when the allocation was made
   * @return the status every allocation has when it is made
   */
  public static IPAllocationStatus ready(Cidr block, Instant at) {
    return new IPAllocationStatus(
        AllocationPhase.Ready,
        block,
        List.of(new Condition(READY, ConditionStatus.True, ALLOCATED, ALLOCATED_MESSAGE, at, 1)));
  }

  /**
   * Whether this is the status an allocation made at {@code at} has, as {@code
   * equals(ready(allocatedCIDR(), at))}, but without making that status or calling a record's
   * generated {@code equals}: a store asks it of every allocation it writes.
   *
   * @param at when the allocation was made
   * @return {@code true} if this status equals {@link #ready ready(allocatedCIDR(), at)}
   */
  public boolean isReadySince(Instant at) {
    if (phase != AllocationPhase.Ready || conditions.size() != 1) {
      return false;
    }
    Condition c = conditions.get(0);
    return c.type().equals(READY)
        && c.status() == ConditionStatus.True
        && c.reason().equals(ALLOCATED)
        && c.message().equals(ALLOCATED_MESSAGE)
        && c.lastTransitionTime().equals(at)
        && c.observedGeneration() == 1;
  }
}
