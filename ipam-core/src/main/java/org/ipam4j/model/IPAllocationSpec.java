package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import org.ipam4j.InvalidException;
import org.ipam4j.net.IpFamily;

/**
 * The record of one block carved from a pool. {@code purpose} says what the block is for: a claim's
 * ({@code claimRef} names it, and is cleared once the claim was deleted under {@code Retain}), a
 * child pool's carve ({@code childPoolRef} names the child) or one of its pool's reservations
 * (neither is set).
 *
 * @param ipFamily the family of the block
 * @param poolRef the pool the block was carved from; {@code projectRef} is set when that pool is in
 *     another project than this allocation (a claim on a shared pool)
 * @param claimRef the claim, in this allocation's project, bound to the block
 * @param childPoolRef the child pool, in this allocation's project, whose block this is
 * @param purpose what the block is for
 */
public record IPAllocationSpec(
    IpFamily ipFamily,
    PoolRef poolRef,
    Optional<LocalRef> claimRef,
    Optional<LocalRef> childPoolRef,
    AllocationPurpose purpose) {

  /**
   * Checks that no component is null, and that the references fit the purpose.
   *
   * @param ipFamily the family of the block
   * @param poolRef the pool the block was carved from; {@code projectRef} is set when that pool is
   *     in another project than this allocation (a claim on a shared pool)
   * @param claimRef the claim, in this allocation's project, bound to the block
   * @param childPoolRef the child pool, in this allocation's project, whose block this is
   * @param purpose what the block is for
   * @throws InvalidException if a reference does not fit the purpose, naming the field
   */
  public IPAllocationSpec {
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(poolRef, "poolRef");
    Objects.requireNonNull(claimRef, "claimRef");
    Objects.requireNonNull(childPoolRef, "childPoolRef");
    Objects.requireNonNull(purpose, "purpose");
    if (purpose != AllocationPurpose.Claim && claimRef.isPresent()) {
      throw new InvalidException(
          "spec.claimRef", "an allocation of purpose " + purpose + " is held by no claim");
    }
    if ((purpose == AllocationPurpose.PoolCarve) != childPoolRef.isPresent()) {
      throw new InvalidException(
          "spec.childPoolRef",
          purpose == AllocationPurpose.PoolCarve
              ? "an allocation of purpose PoolCarve names its child pool"
              : "only an allocation of purpose PoolCarve names a child pool");
    }
  }

  /**
   * The spec of a claim's block ({@code childPoolRef} empty) or of a child pool's carve, its
   * purpose told by which reference is set.
   *
   * @param ipFamily the family of the block
   * @param poolRef the pool the block was carved from
   * @param claimRef the claim bound to the block, empty once retained
   * @param childPoolRef the child pool whose block this is
   */
  public IPAllocationSpec(
      IpFamily ipFamily,
      PoolRef poolRef,
      Optional<LocalRef> claimRef,
      Optional<LocalRef> childPoolRef) {
    this(
        ipFamily,
        poolRef,
        claimRef,
        childPoolRef,
        childPoolRef.isPresent() ? AllocationPurpose.PoolCarve : AllocationPurpose.Claim);
  }

  /**
   * The spec of a block a pool holds for its own {@code spec.reservations}.
   *
   * @param ipFamily the family of the block
   * @param pool the pool's name, in the allocation's project
   * @return a spec of purpose {@code Reservation}
   */
  public static IPAllocationSpec reservation(IpFamily ipFamily, String pool) {
    return new IPAllocationSpec(
        ipFamily,
        PoolRef.of(pool),
        Optional.empty(),
        Optional.empty(),
        AllocationPurpose.Reservation);
  }

  /**
   * Whether nothing holds the block any more: its claim was deleted under {@code Retain}.
   *
   * @return true for a claim's block with {@code claimRef} cleared
   */
  public boolean isRetained() {
    return purpose == AllocationPurpose.Claim && claimRef.isEmpty();
  }

  /**
   * Whether the block is one of its pool's reservations.
   *
   * @return true if {@code purpose} is {@code Reservation}
   */
  public boolean isReservation() {
    return purpose == AllocationPurpose.Reservation;
  }
}
