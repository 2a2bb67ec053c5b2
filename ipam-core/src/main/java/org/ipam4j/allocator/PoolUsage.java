package org.ipam4j.allocator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collections;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ipam4j.net.Cidr;

/**
 * Exact figures for one allocator at one moment. Counts are exact at every size, IPv6 {@code /0}
 * included.
 *
 * @param pool the block the allocator manages
 * @param allocated addresses in allocated blocks
 * @param available addresses in free blocks; always {@code total() − allocated}
 * @param allocatedBlocks how many blocks are allocated
 * @param largestFreePrefix prefix length of the largest free aligned block; empty when exhausted
 * @param freeBlocksByPrefixLength the maximal free aligned blocks, counted by prefix length
 */
public record PoolUsage(
    Cidr pool,
    BigInteger allocated,
    BigInteger available,
    long allocatedBlocks,
    OptionalInt largestFreePrefix,
    SortedMap<Integer, Long> freeBlocksByPrefixLength) {

  /**
   * Checks that no component is null, and copies {@code freeBlocksByPrefixLength}.
   *
   * @param pool the block the allocator manages
   * @param allocated addresses in allocated blocks
   * @param available addresses in free blocks; always {@code total() − allocated}
   * @param allocatedBlocks how many blocks are allocated
   * @param largestFreePrefix prefix length of the largest free aligned block; empty when exhausted
   * @param freeBlocksByPrefixLength the maximal free aligned blocks, counted by prefix length
   */
  public PoolUsage {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(allocated, "allocated");
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(largestFreePrefix, "largestFreePrefix");
    freeBlocksByPrefixLength =
        Collections.unmodifiableSortedMap(new TreeMap<>(freeBlocksByPrefixLength));
  }

  /**
   * Addresses in the pool.
   *
   * @return 2^(bits − pool prefix length)
   */
  public BigInteger total() {
    return pool.size();
  }

  /**
   * The allocated share as a percentage with four decimals, rounded down, without trailing zeros.
   *
   * @return 0 to 100; 100 only when nothing is free
   */
  public BigDecimal utilizationPercent() {
    return Percent.of(allocated, total());
  }

  /**
   * External fragmentation, from 0 to 1: the share of free space that lies outside the largest free
   * block. 0 when the free space is one block or there is none; near 1 when it is scattered in
   * small pieces.
   *
   * @return the share, from 0 to 1
   */
  public double fragmentation() {
    if (largestFreePrefix.isEmpty()) {
      return 0.0;
    }
    BigInteger largest =
        BigInteger.ONE.shiftLeft(pool.family().bits() - largestFreePrefix.getAsInt());
    return available.subtract(largest).doubleValue() / available.doubleValue();
  }

  /**
   * Whether no block of any size is free.
   *
   * @return true if {@code available} is 0
   */
  public boolean exhausted() {
    return available.signum() == 0;
  }
}
