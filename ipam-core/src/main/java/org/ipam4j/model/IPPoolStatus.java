package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;

/**
 * What the engine observed of a pool.
 *
 * @param allocatedCIDR the effective block: declared (root) or carved (child)
 * @param largestFreePrefix prefix length of the largest free aligned block; 0 when exhausted
 * @param utilizationPercent allocated share, rounded down, exact for IPv6 too
 */
public record IPPoolStatus(
    PoolPhase phase,
    Optional<Cidr> allocatedCIDR,
    Optional<IpFamily> ipFamily,
    Optional<Capacity> capacity,
    int largestFreePrefix,
    int utilizationPercent,
    List<Condition> conditions) {

  private static final IPPoolStatus EMPTY =
      new IPPoolStatus(
          PoolPhase.Pending, Optional.empty(), Optional.empty(), Optional.empty(), 0, 0, List.of());

  public IPPoolStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    Objects.requireNonNull(ipFamily, "ipFamily");
    Objects.requireNonNull(capacity, "capacity");
    conditions = List.copyOf(conditions);
  }

  /** The status of a pool the engine has not seen yet. */
  public static IPPoolStatus empty() {
    return EMPTY;
  }
}
