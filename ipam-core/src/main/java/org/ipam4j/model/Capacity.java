package org.ipam4j.model;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A pool's address counts, exact at every size (the reference server saturates them at int64 for
 * wide IPv6 pools).
 */
public record Capacity(BigInteger total, BigInteger allocated, BigInteger available) {
  public Capacity {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(allocated, "allocated");
    Objects.requireNonNull(available, "available");
  }
}
