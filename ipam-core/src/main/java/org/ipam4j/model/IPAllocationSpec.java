package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.IpFamily;

/**
 * The record of one block carved from a pool. Exactly one of {@code claimRef} and {@code
 * childPoolRef} names what holds it; neither does once its claim was deleted under {@code Retain}.
 *
 * @param ipFamily the family of the block
 * @param poolRef the pool the block was carved from; {@code projectRef} is set when that pool is in
 *     another project than this allocation (a claim on a shared pool)
 * @param claimRef the claim, in this allocation's project, bound to the block
 * @param childPoolRef the child pool, in this allocation's project, whose block this is
 */
public record IPAllocationSpec(
    IpFamily ipFamily,
    PoolRef poolRef,
    Optional<LocalRef> claimRef,
    Optional<LocalRef> childPoolRef) {

  /**
   * Checks that no component is null.
   *
   * @param ipFamily the family of the block
   * @param poolRef the pool the block was carved from; {@code projectRef} is set when that pool is
   *     in another project than this allocation (a claim on a shared pool)
   * @param claimRef the claim, in this allocation's project, bound to the block
   * @param childPoolRef the child pool, in this allocation's project, whose block this is
   */
  public IPAllocationSpec {
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(poolRef, "poolRef");
    Objects.requireNonNull(claimRef, "claimRef");
    Objects.requireNonNull(childPoolRef, "childPoolRef");
  }

  /**
   * Whether nothing holds the block: its claim was deleted under {@code Retain}.
   *
   * @return true if neither {@code claimRef} nor {@code childPoolRef} is set
   */
  public boolean isRetained() {
    return claimRef.isEmpty() && childPoolRef.isEmpty();
  }
}
