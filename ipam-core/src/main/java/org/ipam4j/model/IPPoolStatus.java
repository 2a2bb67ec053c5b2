package org.ipam4j.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;

/**
 * What the engine observed of a pool.
 *
 * @param phase {@code Ready} while the pool has free space, {@code Exhausted} when none
 * @param allocatedCIDR the effective block: declared (root) or carved (child)
 * @param ipFamily the family of the block
 * @param capacity the pool's address counts
 * @param largestFreePrefix prefix length of the largest free aligned block; empty when the pool is
 *     exhausted or not yet known. (On the wire, as the API has it, 0 stands for exhausted too; a
 *     reader tells it from a wholly free {@code /0} by {@code capacity.available}.)
 * @param utilizationPercent allocated share as a percentage with four decimals, rounded down
 *     (0.3906 for 256 addresses of a /16), exact for IPv6 too
 * @param conditions the pool's conditions
 */
public record IPPoolStatus(
    PoolPhase phase,
    Optional<Cidr> allocatedCIDR,
    Optional<IpFamily> ipFamily,
    Optional<Capacity> capacity,
    OptionalInt largestFreePrefix,
    BigDecimal utilizationPercent,
    List<Condition> conditions) {

  private static final IPPoolStatus EMPTY =
      new IPPoolStatus(
          PoolPhase.Pending,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          OptionalInt.empty(),
          BigDecimal.ZERO,
          List.of());

  /**
   * Checks that no component is null, copies {@code conditions}, and writes {@code
   * utilizationPercent} without trailing zeros.
   *
   * @param phase {@code Ready} while the pool has free space, {@code Exhausted} when none
   * @param allocatedCIDR the effective block: declared (root) or carved (child)
   * @param ipFamily the family of the block
   * @param capacity the pool's address counts
   * @param largestFreePrefix prefix length of the largest free aligned block; empty when the pool
   *     is exhausted or not yet known. (On the wire, as the API has it, 0 stands for exhausted too;
   *     a reader tells it from a wholly free {@code /0} by {@code capacity.available}.)
   * @param utilizationPercent allocated share as a percentage with four decimals, rounded down
   *     (0.3906 for 256 addresses of a /16), exact for IPv6 too
   * @param conditions the pool's conditions
   */
  public IPPoolStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(largestFreePrefix, "largestFreePrefix");
    Objects.requireNonNull(utilizationPercent, "utilizationPercent");
    // One value, one representation: 25, not 25.0; 0.39, not 0.3900.
    if (utilizationPercent.scale() != 0 || utilizationPercent.signum() == 0) {
      utilizationPercent = utilizationPercent.stripTrailingZeros();
      if (utilizationPercent.scale() < 0) {
        utilizationPercent = utilizationPercent.setScale(0);
      }
    }
    conditions = List.copyOf(conditions);
  }

  /**
   * The status of a pool the engine has not seen yet.
   *
   * @return {@code Pending}, with nothing known
   */
  public static IPPoolStatus empty() {
    return EMPTY;
  }

  /**
   * Whether this is the status of a pool the engine has not seen yet, as {@code equals(empty())},
   * but component by component: a record's generated {@code equals} costs a short-lived process
   * (one {@code ipamctl} command) the set-up of its method handles on first use.
   *
   * @return {@code true} if this status equals {@link #empty()}
   */
  public boolean isEmpty() {
    return this == EMPTY
        || (phase == PoolPhase.Pending
            && allocatedCIDR.isEmpty()
            && ipFamily.isEmpty()
            && capacity.isEmpty()
            && largestFreePrefix.isEmpty()
            && utilizationPercent.equals(BigDecimal.ZERO)
            && conditions.isEmpty());
  }

  /**
   * {@code largestFreePrefix} as the API writes it: 0 stands for "exhausted" (as for a wholly free
   * {@code /0}); a status that knows no largest block and is not exhausted leaves it out (empty).
   *
   * @return the number to write, or empty to leave the field out
   */
  public OptionalInt largestFreePrefixOnWire() {
    if (largestFreePrefix.isPresent()) {
      return largestFreePrefix;
    }
    return exhausted(capacity) ? OptionalInt.of(0) : OptionalInt.empty();
  }

  /**
   * Reads {@code largestFreePrefix} as the API writes it: a 0 beside a capacity with room is a
   * wholly free {@code /0}; any other 0 means exhausted.
   *
   * @param wire the field as read, empty when absent
   * @param capacity the capacity read beside it
   * @return the value for {@link #largestFreePrefix()}
   */
  public static OptionalInt largestFreePrefixFromWire(
      OptionalInt wire, Optional<Capacity> capacity) {
    if (wire.isPresent() && wire.getAsInt() == 0 && !hasRoom(capacity)) {
      return OptionalInt.empty();
    }
    return wire;
  }

  private static boolean exhausted(Optional<Capacity> capacity) {
    return capacity.map(c -> c.available().signum() == 0).orElse(false);
  }

  private static boolean hasRoom(Optional<Capacity> capacity) {
    return capacity.map(c -> c.available().signum() > 0).orElse(false);
  }
}
