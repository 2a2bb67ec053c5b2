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
 * @param ipFamily the family, when stated; a root pool's must match its {@code cidr}
 * @param parentPoolRef the pool, in the same project, a child pool carves its block from
 * @param prefixLength the length of a child pool's block
 * @param allocation bounds on claims' prefix lengths, and how a free block is chosen
 * @param visibility who may claim from the pool; empty means not shared
 * @param reservations blocks the pool holds for itself, never handed to a claim
 * @param maxRetentionLease how long a block stays retained after its claim was deleted under {@code
 *     Retain}, as a Kubernetes duration ({@code 720h}); empty for until deleted
 */
public record IPPoolSpec(
    Optional<String> cidr,
    Optional<IpFamily> ipFamily,
    Optional<LocalRef> parentPoolRef,
    OptionalInt prefixLength,
    AllocationPolicy allocation,
    Optional<Visibility> visibility,
    Reservations reservations,
    Optional<String> maxRetentionLease) {

  /**
   * Checks that no component is null.
   *
   * @param cidr the block a root pool owns, as written (validated when applied)
   * @param ipFamily the family, when stated; a root pool's must match its {@code cidr}
   * @param parentPoolRef the pool, in the same project, a child pool carves its block from
   * @param prefixLength the length of a child pool's block
   * @param allocation bounds on claims' prefix lengths, and how a free block is chosen
   * @param visibility who may claim from the pool; empty means not shared
   * @param reservations blocks the pool holds for itself, never handed to a claim
   * @param maxRetentionLease how long a block stays retained after its claim was deleted; empty for
   *     until deleted
   */
  public IPPoolSpec {
    Objects.requireNonNull(cidr, "cidr");
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(parentPoolRef, "parentPoolRef");
    Objects.requireNonNull(prefixLength, "prefixLength");
    Objects.requireNonNull(allocation, "allocation");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(reservations, "reservations");
    Objects.requireNonNull(maxRetentionLease, "maxRetentionLease");
  }

  /**
   * A spec that reserves nothing.
   *
   * @param cidr the block a root pool owns, as written (validated when applied)
   * @param ipFamily the family, when stated; a root pool's must match its {@code cidr}
   * @param parentPoolRef the pool, in the same project, a child pool carves its block from
   * @param prefixLength the length of a child pool's block
   * @param allocation bounds on claims' prefix lengths, and how a free block is chosen
   * @param visibility who may claim from the pool; empty means not shared
   */
  public IPPoolSpec(
      Optional<String> cidr,
      Optional<IpFamily> ipFamily,
      Optional<LocalRef> parentPoolRef,
      OptionalInt prefixLength,
      AllocationPolicy allocation,
      Optional<Visibility> visibility) {
    this(
        cidr,
        ipFamily,
        parentPoolRef,
        prefixLength,
        allocation,
        visibility,
        Reservations.none(),
        Optional.empty());
  }

  /**
   * A root pool over {@code cidr}.
   *
   * @param cidr the block, as written, e.g. {@code 10.0.0.0/16}
   * @return a spec with the default allocation policy, not shared
   */
  public static IPPoolSpec root(String cidr) {
    return new IPPoolSpec(
        Optional.of(cidr),
        Optional.empty(),
        Optional.empty(),
        OptionalInt.empty(),
        AllocationPolicy.defaults(),
        Optional.empty());
  }

  /**
   * A child pool that carves a block of {@code prefixLength} from the pool {@code parent}.
   *
   * @param parent the parent pool's name, in the child's project
   * @param prefixLength the length of the block to carve
   * @return a spec with the default allocation policy, not shared
   */
  public static IPPoolSpec child(String parent, int prefixLength) {
    return new IPPoolSpec(
        Optional.empty(),
        Optional.empty(),
        Optional.of(new LocalRef(parent)),
        OptionalInt.of(prefixLength),
        AllocationPolicy.defaults(),
        Optional.empty());
  }

  /**
   * This spec with another allocation policy.
   *
   * @param newAllocation the policy
   * @return a new spec, otherwise the same
   */
  public IPPoolSpec withAllocation(AllocationPolicy newAllocation) {
    return new IPPoolSpec(
        cidr,
        ipFamily,
        parentPoolRef,
        prefixLength,
        newAllocation,
        visibility,
        reservations,
        maxRetentionLease);
  }

  /**
   * This spec with a visibility.
   *
   * @param newVisibility who may claim from the pool
   * @return a new spec, otherwise the same
   */
  public IPPoolSpec withVisibility(Visibility newVisibility) {
    return new IPPoolSpec(
        cidr,
        ipFamily,
        parentPoolRef,
        prefixLength,
        allocation,
        Optional.of(newVisibility),
        reservations,
        maxRetentionLease);
  }

  /**
   * This spec with its family stated.
   *
   * @param family the family
   * @return a new spec, otherwise the same
   */
  public IPPoolSpec withIpFamily(IpFamily family) {
    return new IPPoolSpec(
        cidr,
        Optional.of(family),
        parentPoolRef,
        prefixLength,
        allocation,
        visibility,
        reservations,
        maxRetentionLease);
  }

  /**
   * This spec with reservations.
   *
   * @param newReservations the blocks the pool holds for itself
   * @return a new spec, otherwise the same
   */
  public IPPoolSpec withReservations(Reservations newReservations) {
    return new IPPoolSpec(
        cidr,
        ipFamily,
        parentPoolRef,
        prefixLength,
        allocation,
        visibility,
        newReservations,
        maxRetentionLease);
  }

  /**
   * This spec with a lease on retained blocks.
   *
   * @param lease a Kubernetes duration, e.g. {@code 720h}
   * @return a new spec, otherwise the same
   */
  public IPPoolSpec withMaxRetentionLease(String lease) {
    return new IPPoolSpec(
        cidr,
        ipFamily,
        parentPoolRef,
        prefixLength,
        allocation,
        visibility,
        reservations,
        Optional.of(lease));
  }

  /**
   * Whether this is a child pool.
   *
   * @return true if {@code parentPoolRef} is set
   */
  public boolean isChild() {
    return parentPoolRef.isPresent();
  }

  /**
   * Whether other projects may claim from the pool, access policy permitting.
   *
   * @return true if {@code visibility} is {@code shared}
   */
  public boolean isShared() {
    return visibility.filter(v -> v == Visibility.shared).isPresent();
  }
}
