package org.ipam4j.benchmarks;

import java.util.Map;
import java.util.TreeMap;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;

/**
 * The reference server's BestFit, as its allocator decides (its {@code selectBlock}): the pool's
 * free space as maximal runs of free addresses ("regions", aligned or not), in address order; in
 * each, the first aligned block of the requested size that fits; of those candidates, the one whose
 * region holds the fewest addresses, the lowest on ties. Also its {@link #firstFit} (the first
 * candidate), which is ipam4j's FirstFit exactly.
 *
 * <p>Addresses are kept as offsets from the start of the pool, so any pool of at most 2^62
 * addresses works (every IPv4 pool; IPv6 from /66). Each claim walks every allocation, as the
 * reference does; it is here for the choices it makes, not for speed.
 */
final class RegionBestFitAllocator implements BlockAllocator {

  private final Cidr pool;
  private final long poolSize;
  private final boolean bestFit;

  /** Allocated blocks: first offset to size. Disjoint. */
  private final TreeMap<Long, Long> held = new TreeMap<>();

  private RegionBestFitAllocator(Cidr pool, boolean bestFit) {
    int hostBits = pool.family().bits() - pool.prefixLength();
    if (hostBits > 62) {
      throw new IllegalArgumentException(pool + " has more than 2^62 addresses");
    }
    this.pool = pool;
    this.poolSize = 1L << hostBits;
    this.bestFit = bestFit;
  }

  static RegionBestFitAllocator bestFit(Cidr pool) {
    return new RegionBestFitAllocator(pool, true);
  }

  static RegionBestFitAllocator firstFit(Cidr pool) {
    return new RegionBestFitAllocator(pool, false);
  }

  /** The block chosen, as a {@link Cidr}; throws if no region holds an aligned block this size. */
  @Override
  public Cidr allocate(int prefixLength) {
    int hostBits = pool.family().bits() - prefixLength;
    if (prefixLength < pool.prefixLength() || hostBits < 0) {
      throw new IllegalStateException("no /" + prefixLength + " fits in " + pool);
    }
    long size = 1L << hostBits;
    long bestStart = -1;
    long bestRegion = Long.MAX_VALUE;
    long cursor = 0;
    for (Map.Entry<Long, Long> block : held.entrySet()) {
      long regionEnd = block.getKey(); // exclusive
      if (regionEnd > cursor) {
        long candidate = candidate(cursor, regionEnd, size);
        if (candidate >= 0 && regionEnd - cursor < bestRegion) {
          bestStart = candidate;
          bestRegion = regionEnd - cursor;
          if (!bestFit) {
            return take(bestStart, size, prefixLength);
          }
        }
      }
      cursor = Math.max(cursor, block.getKey() + block.getValue());
    }
    if (poolSize > cursor) {
      long candidate = candidate(cursor, poolSize, size);
      if (candidate >= 0 && poolSize - cursor < bestRegion) {
        bestStart = candidate;
      }
    }
    if (bestStart < 0) {
      throw new IllegalStateException("no free /" + prefixLength + " in " + pool);
    }
    return take(bestStart, size, prefixLength);
  }

  /** The first aligned start of a block of {@code size} in [from, to), or -1. */
  private static long candidate(long from, long to, long size) {
    long start = (from + size - 1) & -size;
    return start + size <= to ? start : -1;
  }

  private Cidr take(long start, long size, int prefixLength) {
    held.put(start, size);
    return at(start, prefixLength);
  }

  /** Takes a given block, as a history's set-up may. */
  void allocateSpecific(Cidr block) {
    long start = offsetOf(block);
    long size = 1L << (pool.family().bits() - block.prefixLength());
    Map.Entry<Long, Long> before = held.floorEntry(start + size - 1);
    if (before != null && before.getKey() + before.getValue() > start) {
      throw new IllegalStateException(block + " overlaps a held block");
    }
    held.put(start, size);
  }

  @Override
  public void release(Object block) {
    Cidr cidr = (Cidr) block;
    if (held.remove(offsetOf(cidr)) == null) {
      throw new IllegalStateException(cidr + " is not allocated");
    }
  }

  @Override
  public Object state() {
    return held;
  }

  private long offsetOf(Cidr block) {
    return block.low() - pool.low();
  }

  /** A pool of at most 2^62 addresses lies within one low word: offsets never carry. */
  private Cidr at(long offset, int prefixLength) {
    return pool.family() == IpFamily.IPv4
        ? Cidr.ipv4((int) (pool.low() + offset), prefixLength)
        : Cidr.ipv6(pool.high(), pool.low() + offset, prefixLength);
  }
}
