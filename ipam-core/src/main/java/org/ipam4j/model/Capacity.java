package org.ipam4j.model;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A pool's address counts, exact at every size (the reference server saturates them at int64 for
 * wide IPv6 pools).
 *
 * @param total the number of addresses in the pool's block
 * @param allocated the number of addresses in blocks allocated from it
 * @param available {@code total - allocated}
 */
public record Capacity(BigInteger total, BigInteger allocated, BigInteger available) {
  /**
   * Checks that no component is null.
   *
   * @param total the number of addresses in the pool's block
   * @param allocated the number of addresses in blocks allocated from it
   * @param available {@code total - allocated}
   */
  public Capacity {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(allocated, "allocated");
    Objects.requireNonNull(available, "available");
  }
}
