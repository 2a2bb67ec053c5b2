package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.net.IpFamily;

/**
 * What a pool is. A <em>root</em> pool declares {@code cidr} (and may state {@code ipFamily}); a
 * <em>child</em> pool names {@code parentPoolRef} and {@code prefixLength} and inherits the rest.
 * {@code cidr}, {@code ipFamily}, {@code parentPoolRef} and {@code prefixLength} are immutable.
 *
 * @param cidr the block a root pool owns, as written (validated when applied)
 * @param visibility empty means not shared
 */
public record IPPoolSpec(
    Optional<String> cidr,
    Optional<IpFamily> ipFamily,
    Optional<LocalRef> parentPoolRef,
    OptionalInt prefixLength,
    AllocationPolicy allocation,
    Optional<Visibility> visibility) {

  public IPPoolSpec {
    Objects.requireNonNull(cidr, "cidr");
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(parentPoolRef, "parentPoolRef");
    Objects.requireNonNull(prefixLength, "prefixLength");
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(visibility, "visibility");
  }

  /** A root pool over {@code cidr}. */
  public static IPPoolSpec root(String cidr) {
    return new IPPoolSpec(
        Optional.of(cidr),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        AllocationPolicy.defaults(),
        Optional.empty());
  }

  /** A child pool that carves a block of {@code prefixLength} from the pool {@code parent}. */
  public static IPPoolSpec child(String parent, int prefixLength) {
    return new IPPoolSpec(
        Optional.empty(),
        Optional.empty(),
        Optional.of(new LocalRef(parent)),
        OptionalInt.of(prefixLength),
        AllocationPolicy.defaults(),
        Optional.empty());
  }

  public IPPoolSpec withAllocation(AllocationPolicy newAllocation) {
    return new IPPoolSpec(cidr, ipFamily, parentPoolRef, prefixLength, newAllocation, visibility);
  }

  public IPPoolSpec withVisibility(Visibility newVisibility) {
    return new IPPoolSpec(
        cidr, ipFamily, parentPoolRef, prefixLength, allocation, Optional.of(newVisibility));
  }

  public IPPoolSpec withIpFamily(IpFamily family) {
    return new IPPoolSpec(
        cidr, Optional.of(family), parentPoolRef, prefixLength, allocation, visibility);
  }

  public boolean isChild() {
    return parentPoolRef.isPresent();
  }

  public boolean isShared() {
    return visibility.filter(v -> v == Visibility.shared).isPresent();
  }
}
