package org.ipam4j.model;

import java.util.Objects;
import java.util.OptionalInt;
import org.ipam4j.allocator.Strategy;

/**
 * A pool's {@code spec.allocation}: bounds on the prefix lengths claims may ask for, and how a free
 * block is chosen.
 */
public record AllocationPolicy(
    OptionalInt minPrefixLength, OptionalInt maxPrefixLength, Strategy strategy) {

  private static final AllocationPolicy DEFAULT =
      new AllocationPolicy(OptionalInt.empty(), OptionalInt.empty(), Strategy.FirstFit);

  public AllocationPolicy {
    Objects.requireNonNull(minPrefixLength, "minPrefixLength");
    Objects.requireNonNull(maxPrefixLength, "maxPrefixLength");
    Objects.requireNonNull(strategy, "strategy");
  }

  /** No bounds, {@code FirstFit}. */
  public static AllocationPolicy defaults() {
    return DEFAULT;
  }

  public AllocationPolicy withStrategy(Strategy newStrategy) {
    return new AllocationPolicy(minPrefixLength, maxPrefixLength, newStrategy);
  }

  public AllocationPolicy withBounds(int min, int max) {
    return new AllocationPolicy(OptionalInt.of(min), OptionalInt.of(max), strategy);
  }

  /** Whether a claim of {@code prefixLength} is within the bounds. */
  public boolean allows(int prefixLength) {
    return (minPrefixLength.isEmpty() || prefixLength >= minPrefixLength.getAsInt())
        && (maxPrefixLength.isEmpty() || prefixLength <= maxPrefixLength.getAsInt());
  }
}
