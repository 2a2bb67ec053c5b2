package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.Cidr;

/**
 * What the engine did with a claim. {@code allocatedCIDR} and {@code boundAllocationRef} are set
 * once it is {@code Bound}.
 *
 * @param phase {@code Pending} until a block is assigned, then {@code Bound}
 * @param allocatedCIDR the block the claim holds
 * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
 * @param conditions the claim's conditions: {@code Ready}, and why it waits when it does
 */
public record IPClaimStatus(
    ClaimPhase phase,
    Optional<Cidr> allocatedCIDR,
    Optional<LocalRef> boundAllocationRef,
    List<Condition> conditions) {

  private static final IPClaimStatus EMPTY =
      new IPClaimStatus(ClaimPhase.Pending, Optional.empty(), Optional.empty(), List.of());

  /**
   * Checks that no component is null, and copies {@code conditions}.
   *
   * @param phase {@code Pending} until a block is assigned, then {@code Bound}
   * @param allocatedCIDR the block the claim holds
   * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
   * @param conditions the claim's conditions: {@code Ready}, and why it waits when it does
   */
  public IPClaimStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    Objects.requireNonNull(boundAllocationRef, "boundAllocationRef");
    conditions = List.copyOf(conditions);
  }

  /**
   * The status of a claim the engine has not seen yet.
   *
   * @return {@code Pending}, with no block and no conditions
   */
  public static IPClaimStatus empty() {
    return EMPTY;
  }
}
