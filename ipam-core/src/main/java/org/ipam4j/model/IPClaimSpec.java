package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.net.IpFamily;

/**
 * What a claim asks for: a block of {@code prefixLength} in {@code ipFamily}, from the pool named
 * by exactly one of {@code poolRef} and {@code poolSelector}. {@code ipFamily}, {@code
 * prefixLength}, {@code poolRef} and {@code poolSelector} are immutable; {@code ipFamily} and
 * {@code prefixLength} are required (they are optional here only so that a missing one can be
 * reported with its field path).
 */
public record IPClaimSpec(
    Optional<IpFamily> ipFamily,
    OptionalInt prefixLength,
    Optional<PoolRef> poolRef,
    Optional<PoolSelector> poolSelector,
    Optional<OwnerRef> ownerRef,
    ReclaimPolicy reclaimPolicy) {

  public IPClaimSpec {
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(prefixLength, "prefixLength");
    Objects.requireNonNull(poolRef, "poolRef");
    Objects.requireNonNull(poolSelector, "poolSelector");
    Objects.requireNonNull(ownerRef, "ownerRef");
    Objects.requireNonNull(reclaimPolicy, "reclaimPolicy");
  }

  /** A block of {@code prefixLength} from the pool named {@code pool} in the claim's project. */
  public static IPClaimSpec fromPool(IpFamily family, int prefixLength, String pool) {
    return fromPool(family, prefixLength, PoolRef.of(pool));
  }

  public static IPClaimSpec fromPool(IpFamily family, int prefixLength, PoolRef pool) {
    return new IPClaimSpec(
        Optional.of(family),
        OptionalInt.of(prefixLength),
        Optional.of(pool),
        Optional.empty(),
        Optional.empty(),
        ReclaimPolicy.Delete);
  }

  /** A block of {@code prefixLength} from the first pool the selector matches that has room. */
  public static IPClaimSpec fromSelector(IpFamily family, int prefixLength, PoolSelector selector) {
    return new IPClaimSpec(
        Optional.of(family),
        OptionalInt.of(prefixLength),
        Optional.empty(),
        Optional.of(selector),
        Optional.empty(),
        ReclaimPolicy.Delete);
  }

  public IPClaimSpec withReclaimPolicy(ReclaimPolicy policy) {
    return new IPClaimSpec(ipFamily, prefixLength, poolRef, poolSelector, ownerRef, policy);
  }

  public IPClaimSpec withOwnerRef(OwnerRef owner) {
    return new IPClaimSpec(
        ipFamily, prefixLength, poolRef, poolSelector, Optional.of(owner), reclaimPolicy);
  }
}
