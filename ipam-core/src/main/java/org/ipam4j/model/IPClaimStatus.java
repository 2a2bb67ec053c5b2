package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.Cidr;

/**
 * What the engine did with a claim. {@code allocatedCIDR}, {@code boundAllocationRef} and {@code
 * poolRef} are set once it is {@code Bound}.
 *
 * @param phase {@code Pending} until a block is assigned, then {@code Bound}
 * @param allocatedCIDR the block the claim holds
 * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
 * @param conditions the claim's conditions: {@code Ready}, and why it waits when it does
 * @param poolRef the pool the block was drawn from (resolved, where the spec may name a selector);
 *     {@code projectRef} is set when it is in another project
 */
public record IPClaimStatus(
    ClaimPhase phase,
    Optional<Cidr> allocatedCIDR,
    Optional<LocalRef> boundAllocationRef,
    List<Condition> conditions,
    Optional<PoolRef> poolRef) {

  private static final IPClaimStatus EMPTY =
      new IPClaimStatus(
          ClaimPhase.Pending, Optional.empty(), Optional.empty(), List.of(), Optional.empty());

  /**
   * Checks that no component is null, and copies {@code conditions}.
   *
   * @param phase {@code Pending} until a block is assigned, then {@code Bound}
   * @param allocatedCIDR the block the claim holds
   * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
   * @param conditions the claim's conditions: {@code Ready}, and why it waits when it does
   * @param poolRef the pool the block was drawn from
   */
  public IPClaimStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    Objects.requireNonNull(boundAllocationRef, "boundAllocationRef");
    conditions = List.copyOf(conditions);
    Objects.requireNonNull(poolRef, "poolRef");
  }

  /**
   * A status that names no pool (a claim waiting, or one read from a release that did not record
   * the pool).
   *
   * @param phase {@code Pending} until a block is assigned, then {@code Bound}
   * @param allocatedCIDR the block the claim holds
   * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
   * @param conditions the claim's conditions
   */
  public IPClaimStatus(
      ClaimPhase phase,
      Optional<Cidr> allocatedCIDR,
      Optional<LocalRef> boundAllocationRef,
      List<Condition> conditions) {
    this(phase, allocatedCIDR, boundAllocationRef, conditions, Optional.empty());
  }

  /**
   * {@code status.address}, as the reference server has it: the single address a {@code /32} or
   * {@code /128} claim holds, without its prefix length. Derived from {@code allocatedCIDR}.
   *
   * @return the address, or empty for a wider block or an unbound claim
   */
  public Optional<String> address() {
    if (allocatedCIDR.isEmpty()) {
      return Optional.empty();
    }
    Cidr block = allocatedCIDR.get();
    if (block.prefixLength() != block.family().bits()) {
      return Optional.empty();
    }
    String text = block.toString();
    return Optional.of(text.substring(0, text.indexOf('/')));
  }

  /**
   * The status of a claim the engine has not seen yet.
   *
   * @return {@code Pending}, with no block and no conditions
   */
  public static IPClaimStatus empty() {
    return EMPTY;
  }

  /**
   * Whether this is the status of a claim the engine has not seen yet, as {@code equals(empty())},
   * but component by component: a record's generated {@code equals} costs a short-lived process
   * (one {@code ipamctl} command) the set-up of its method handles on first use.
   *
   * @return {@code true} if this status equals {@link #empty()}
   */
  public boolean isEmpty() {
    return this == EMPTY
        || (phase == ClaimPhase.Pending
            && allocatedCIDR.isEmpty()
            && boundAllocationRef.isEmpty()
            && conditions.isEmpty()
            && poolRef.isEmpty());
  }
}
