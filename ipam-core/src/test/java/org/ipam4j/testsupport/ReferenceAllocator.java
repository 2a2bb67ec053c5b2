package org.ipam4j.testsupport;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;

/**
 * A deliberately simple model of a pool: the allocated blocks as a sorted map of BigInteger
 * intervals. Every question is answered by scanning that list, the way the reference server does,
 * so it is slow and obviously right.
 */
public final class ReferenceAllocator {

  private final Cidr pool;
  private final BigInteger poolStart;
  private final BigInteger poolEnd; // inclusive
  private final TreeMap<BigInteger, Cidr> allocated = new TreeMap<>();

  public ReferenceAllocator(Cidr pool) {
    this.pool = pool;
    this.poolStart = pool.addressValue();
    this.poolEnd = poolStart.add(pool.size()).subtract(BigInteger.ONE);
  }

  public Optional<Cidr> allocate(int prefixLength, Strategy strategy) {
    Optional<BigInteger> start =
        switch (strategy) {
          case FirstFit -> firstFitByGapScan(prefixLength);
          case BestFit ->
              freeBlocks().stream()
                  .filter(b -> b.prefixLength() <= prefixLength)
                  .max(
                      Comparator.comparingInt(Cidr::prefixLength)
                          .thenComparing(Cidr::addressValue, Comparator.reverseOrder()))
                  .map(Cidr::addressValue);
          case LeastUtilized ->
              freeBlocks().stream()
                  .filter(b -> b.prefixLength() <= prefixLength)
                  .min(
                      Comparator.comparingInt(Cidr::prefixLength).thenComparing(Cidr::addressValue))
                  .map(Cidr::addressValue);
        };
    return start.map(
        s -> {
          Cidr block = cidrOf(s, prefixLength);
          allocated.put(s, block);
          return block;
        });
  }

  private Optional<BigInteger> firstFitByGapScan(int prefixLength) {
    BigInteger size = sizeOf(prefixLength);
    BigInteger cursor = poolStart;
    for (Cidr block : allocated.values()) {
      BigInteger candidate = alignUp(cursor, size);
      if (candidate.add(size).compareTo(block.addressValue()) <= 0) {
        return Optional.of(candidate);
      }
      cursor = cursor.max(end(block).add(BigInteger.ONE));
    }
    BigInteger candidate = alignUp(cursor, size);
    return candidate.add(size).subtract(BigInteger.ONE).compareTo(poolEnd) <= 0
        ? Optional.of(candidate)
        : Optional.empty();
  }

  /** Empty if any allocated block overlaps {@code block}. */
  public Optional<Cidr> allocateSpecific(Cidr block) {
    for (Cidr a : allocated.values()) {
      if (a.overlaps(block)) {
        return Optional.empty();
      }
    }
    allocated.put(block.addressValue(), block);
    return Optional.of(block);
  }

  public boolean release(Cidr block) {
    Cidr existing = allocated.get(block.addressValue());
    if (block.equals(existing)) {
      allocated.remove(block.addressValue());
      return true;
    }
    return false;
  }

  public List<Cidr> allocatedBlocks() {
    return new ArrayList<>(allocated.values());
  }

  /** The gaps between allocations, each cut into maximal aligned blocks. */
  public List<Cidr> freeBlocks() {
    List<Cidr> out = new ArrayList<>();
    BigInteger cursor = poolStart;
    for (Cidr block : allocated.values()) {
      decompose(cursor, block.addressValue().subtract(BigInteger.ONE), out);
      cursor = end(block).add(BigInteger.ONE);
    }
    decompose(cursor, poolEnd, out);
    return out;
  }

  private void decompose(BigInteger from, BigInteger to, List<Cidr> out) {
    int bits = pool.family().bits();
    while (from.compareTo(to) <= 0) {
      int hostBits = bits - pool.prefixLength();
      while (true) {
        BigInteger size = BigInteger.ONE.shiftLeft(hostBits);
        boolean aligned = from.mod(size).signum() == 0;
        if (aligned && from.add(size).subtract(BigInteger.ONE).compareTo(to) <= 0) {
          out.add(cidrOf(from, bits - hostBits));
          from = from.add(size);
          break;
        }
        hostBits--;
      }
    }
  }

  public BigInteger allocatedAddresses() {
    return allocated.values().stream().map(Cidr::size).reduce(BigInteger.ZERO, BigInteger::add);
  }

  public Map<Integer, Long> freeBlockCounts() {
    Map<Integer, Long> counts = new TreeMap<>();
    for (Cidr b : freeBlocks()) {
      counts.merge(b.prefixLength(), 1L, Long::sum);
    }
    return counts;
  }

  private BigInteger sizeOf(int prefixLength) {
    return BigInteger.ONE.shiftLeft(pool.family().bits() - prefixLength);
  }

  private static BigInteger alignUp(BigInteger value, BigInteger size) {
    BigInteger rem = value.mod(size);
    return rem.signum() == 0 ? value : value.add(size).subtract(rem);
  }

  private static BigInteger end(Cidr block) {
    return block.addressValue().add(block.size()).subtract(BigInteger.ONE);
  }

  public Cidr cidrOf(BigInteger address, int prefixLength) {
    if (pool.family() == IpFamily.IPv4) {
      return Cidr.ipv4(address.intValue(), prefixLength);
    }
    return Cidr.ipv6(address.shiftRight(64).longValue(), address.longValue(), prefixLength);
  }
}
