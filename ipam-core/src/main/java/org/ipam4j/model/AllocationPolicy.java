package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.allocator.Strategy;

/**
 * A pool's {@code spec.allocation}: bounds on the prefix lengths claims may ask for, and how a free
 * block is chosen.
 *
 * @param minPrefixLength the shortest prefix length a claim may ask for, when bounded
 * @param maxPrefixLength the longest prefix length a claim may ask for, when bounded
 * @param strategy how a free block is chosen
 * @param reuseGracePeriod how long a released block stays out of use (quarantined) before another
 *     claim may receive it, as a Kubernetes duration ({@code 10m}); empty for at once
 */
public record AllocationPolicy(
    OptionalInt minPrefixLength,
    OptionalInt maxPrefixLength,
    Strategy strategy,
    Optional<String> reuseGracePeriod) {

  private static final AllocationPolicy DEFAULT =
      new AllocationPolicy(OptionalInt.empty(), OptionalInt.empty(), Strategy.FirstFit);

  /**
   * Checks that no component is null.
   *
   * @param minPrefixLength the shortest prefix length a claim may ask for, when bounded
   * @param maxPrefixLength the longest prefix length a claim may ask for, when bounded
   * @param strategy how a free block is chosen
   * @param reuseGracePeriod how long a released block stays out of use before another claim may
   *     receive it; empty for at once
   */
  public AllocationPolicy {
    Objects.requireNonNull(minPrefixLength, "minPrefixLength");
    Objects.requireNonNull(maxPrefixLength, "maxPrefixLength");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(reuseGracePeriod, "reuseGracePeriod");
  }

  /**
   * A policy whose released blocks may be reused at once.
   *
   * @param minPrefixLength the shortest prefix length a claim may ask for, when bounded
   * @param maxPrefixLength the longest prefix length a claim may ask for, when bounded
   * @param strategy how a free block is chosen
   */
  public AllocationPolicy(
      OptionalInt minPrefixLength, OptionalInt maxPrefixLength, Strategy strategy) {
    this(minPrefixLength, maxPrefixLength, strategy, Optional.empty());
  }

  /**
   * The policy of a pool that states none.
   *
   * @return no bounds, {@code FirstFit}
   */
  public static AllocationPolicy defaults() {
    return DEFAULT;
  }

  /**
   * This policy with another strategy.
   *
   * @param newStrategy how a free block is chosen
   * @return a new policy with the same bounds
   */
  public AllocationPolicy withStrategy(Strategy newStrategy) {
    return new AllocationPolicy(minPrefixLength, maxPrefixLength, newStrategy, reuseGracePeriod);
  }

  /**
   * This policy with both bounds set.
   *
   * @param min the shortest prefix length a claim may ask for ({@code minPrefixLength})
   * @param max the longest prefix length a claim may ask for ({@code maxPrefixLength})
   * @return a new policy with the same strategy
   */
  public AllocationPolicy withBounds(int min, int max) {
    return new AllocationPolicy(
        OptionalInt.of(min), OptionalInt.of(max), strategy, reuseGracePeriod);
  }

  /**
   * This policy with a grace period before a released block is reused.
   *
   * @param period a Kubernetes duration, e.g. {@code 10m}
   * @return a new policy, otherwise the same
   */
  public AllocationPolicy withReuseGracePeriod(String period) {
    return new AllocationPolicy(minPrefixLength, maxPrefixLength, strategy, Optional.of(period));
  }

  /**
   * Whether a claim of {@code prefixLength} is within the bounds.
   *
   * @param prefixLength the length a claim asks for
   * @return true if no bound excludes it
   */
  public boolean allows(int prefixLength) {
    return (minPrefixLength.isEmpty() || prefixLength >= minPrefixLength.getAsInt())
        && (maxPrefixLength.isEmpty() || prefixLength <= maxPrefixLength.getAsInt());
  }
}
