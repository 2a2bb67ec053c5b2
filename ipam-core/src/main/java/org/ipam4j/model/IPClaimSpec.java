package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.IpFamily;

/**
 * What a claim asks for: a block of {@code prefixLength} in {@code ipFamily}, from the pool named
 * by exactly one of {@code poolRef} and {@code poolSelector}. {@code ipFamily}, {@code
 * prefixLength}, {@code poolRef} and {@code poolSelector} are immutable. The engine refuses a
 * {@code prefixLength} outside the family's range with an {@link org.ipam4j.InvalidException}
 * naming the field.
 *
 * @param ipFamily the address family of the block wanted
 * @param prefixLength the length of the block wanted, in bits
 * @param poolRef the pool to claim from, by name; exclusive with {@code poolSelector}
 * @param poolSelector selects the pool by its labels; exclusive with {@code poolRef}
 * @param ownerRef the object this claim belongs to, when another object manages it
 * @param reclaimPolicy what becomes of the block when the claim is deleted
 * @param address the first address of the one block wanted, as written; empty lets the pool choose
 */
public record IPClaimSpec(
    IpFamily ipFamily,
    int prefixLength,
    Optional<PoolRef> poolRef,
    Optional<PoolSelector> poolSelector,
    Optional<OwnerRef> ownerRef,
    ReclaimPolicy reclaimPolicy,
    Optional<String> address) {

  /**
   * Checks that no component is null.
   *
   * @param ipFamily the address family of the block wanted
   * @param prefixLength the length of the block wanted, in bits
   * @param poolRef the pool to claim from, by name; exclusive with {@code poolSelector}
   * @param poolSelector selects the pool by its labels; exclusive with {@code poolRef}
   * @param ownerRef the object this claim belongs to, when another object manages it
   * @param reclaimPolicy what becomes of the block when the claim is deleted
   * @param address the first address of the one block wanted, as written; empty lets the pool
   *     choose
   */
  public IPClaimSpec {
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(poolRef, "poolRef");
    Objects.requireNonNull(poolSelector, "poolSelector");
    Objects.requireNonNull(ownerRef, "ownerRef");
    Objects.requireNonNull(reclaimPolicy, "reclaimPolicy");
    Objects.requireNonNull(address, "address");
  }

  /**
   * A spec that lets the pool choose the block.
   *
   * @param ipFamily the address family of the block wanted
   * @param prefixLength the length of the block wanted, in bits
   * @param poolRef the pool to claim from, by name; exclusive with {@code poolSelector}
   * @param poolSelector selects the pool by its labels; exclusive with {@code poolRef}
   * @param ownerRef the object this claim belongs to, when another object manages it
   * @param reclaimPolicy what becomes of the block when the claim is deleted
   */
  public IPClaimSpec(
      IpFamily ipFamily,
      int prefixLength,
      Optional<PoolRef> poolRef,
      Optional<PoolSelector> poolSelector,
      Optional<OwnerRef> ownerRef,
      ReclaimPolicy reclaimPolicy) {
    this(ipFamily, prefixLength, poolRef, poolSelector, ownerRef, reclaimPolicy, Optional.empty());
  }

  /**
   * A block of {@code prefixLength} from the pool named {@code pool} in the claim's project.
   *
   * @param family the address family
   * @param prefixLength the length of the block, in bits
   * @param pool the pool's name
   * @return a spec with reclaim policy {@code Delete} and no owner
   */
  public static IPClaimSpec fromPool(IpFamily family, int prefixLength, String pool) {
    return fromPool(family, prefixLength, PoolRef.of(pool));
  }

  /**
   * A block of {@code prefixLength} from the pool {@code pool} names, which may be in another
   * project.
   *
   * @param family the address family
   * @param prefixLength the length of the block, in bits
   * @param pool the pool, and its project when not the claim's own
   * @return a spec with reclaim policy {@code Delete} and no owner
   */
  public static IPClaimSpec fromPool(IpFamily family, int prefixLength, PoolRef pool) {
    return new IPClaimSpec(
        family,
        prefixLength,
        Optional.of(pool),
        Optional.empty(),
        Optional.empty(),
        ReclaimPolicy.Delete);
  }

  /**
   * A block of {@code prefixLength} from the first pool the selector matches that has room.
   *
   * @param family the address family
   * @param prefixLength the length of the block, in bits
   * @param selector the labels the pool must match
   * @return a spec with reclaim policy {@code Delete} and no owner
   */
  public static IPClaimSpec fromSelector(IpFamily family, int prefixLength, PoolSelector selector) {
    return new IPClaimSpec(
        family,
        prefixLength,
        Optional.empty(),
        Optional.of(selector),
        Optional.empty(),
        ReclaimPolicy.Delete);
  }

  /**
   * This spec with another reclaim policy.
   *
   * @param policy what becomes of the block when the claim is deleted
   * @return a new spec, otherwise the same
   */
  public IPClaimSpec withReclaimPolicy(ReclaimPolicy policy) {
    return new IPClaimSpec(
        ipFamily, prefixLength, poolRef, poolSelector, ownerRef, policy, address);
  }

  /**
   * This spec with an owner.
   *
   * @param owner the object the claim belongs to
   * @return a new spec, otherwise the same
   */
  public IPClaimSpec withOwnerRef(OwnerRef owner) {
    return new IPClaimSpec(
        ipFamily, prefixLength, poolRef, poolSelector, Optional.of(owner), reclaimPolicy, address);
  }

  /**
   * This spec asking for the one block that starts at {@code firstAddress}, of {@code
   * prefixLength}.
   *
   * @param firstAddress the block's first address, e.g. {@code 10.0.4.0}
   * @return a new spec, otherwise the same
   */
  public IPClaimSpec withAddress(String firstAddress) {
    return new IPClaimSpec(
        ipFamily,
        prefixLength,
        poolRef,
        poolSelector,
        ownerRef,
        reclaimPolicy,
        Optional.of(firstAddress));
  }
}
