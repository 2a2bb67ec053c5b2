package org.ipam4j.model;

import java.util.Objects;
import java.util.OptionalInt;
import org.ipam4j.allocator.Strategy;

/**
 * A pool's {@code spec.allocation}: bounds on the prefix lengths claims may ask for, and how a free
 * block is chosen.
 *
 * @param minPrefixLength the shortest prefix length a claim may ask for, when bounded
 * @param maxPrefixLength the longest prefix length a claim may ask for, when bounded
 * @param strategy how a free block is chosen
 */
public record AllocationPolicy(
    OptionalInt minPrefixLength, OptionalInt maxPrefixLength, Strategy strategy) {

  private static final AllocationPolicy DEFAULT =
      new AllocationPolicy(OptionalInt.empty(), OptionalInt.empty(), Strategy.FirstFit);

  /**
   * Checks that no component is null.
   *
   * @param minPrefixLength the shortest prefix length a claim may ask for, when bounded
   * @param maxPrefixLength the longest prefix length a claim may ask for, when bounded
   * @param strategy how a free block is chosen
   */
  public AllocationPolicy {
    Objects.requireNonNull(minPrefixLength, "minPrefixLength");
    Objects.requireNonNull(maxPrefixLength, "maxPrefixLength");
    Objects.requireNonNull(strategy, "strategy");
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
    return new AllocationPolicy(minPrefixLength, maxPrefixLength, newStrategy);
  }

  /**
   * This policy with both bounds set.
   *
   * @param min the shortest prefix length a claim may ask for ({@code minPrefixLength})
   * @param max the longest prefix length a claim may ask for ({@code maxPrefixLength})
   * @return a new policy with the same strategy
   */
  public AllocationPolicy withBounds(int min, int max) {
    return new AllocationPolicy(OptionalInt.of(min), OptionalInt.of(max), strategy);
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
