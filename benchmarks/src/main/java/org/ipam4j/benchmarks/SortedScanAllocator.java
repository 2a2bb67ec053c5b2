package org.ipam4j.benchmarks;

import java.util.Arrays;
import org.ipam4j.net.Cidr;

/**
 * The reference server's algorithm: keep every allocation in address order and, for each claim,
 * walk the gaps from the start of the pool to the first aligned hole that fits (FirstFit).
 *
 * <p>Generous to the peer: the reference sorts all allocations with big integers on every claim;
 * this keeps the array sorted between claims and does unsigned 128-bit arithmetic in two longs. Its
 * per-claim cost still grows with the allocations held, which is the point of the comparison.
 */
final class SortedScanAllocator implements BlockAllocator {

  private final Cidr pool;
  private final int bits;
  private final long poolEndHigh;
  private final long poolEndLow;
  private long[] highs = new long[16];
  private long[] lows = new long[16];
  private int[] lengths = new int[16];
  private int size;

  SortedScanAllocator(Cidr pool) {
    this.pool = pool;
    this.bits = pool.family().bits();
    long[] end = lastAddress(pool.high(), pool.low(), pool.prefixLength());
    this.poolEndHigh = end[0];
    this.poolEndLow = end[1];
  }

  @Override
  public Object allocate(int prefixLength) {
    int hostBits = bits - prefixLength;
    long curHigh = pool.high();
    long curLow = pool.low();
    for (int i = 0; i <= size; i++) {
      // Align the cursor up to the block size.
      long maskLow = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
      long maskHigh = hostBits <= 64 ? 0 : hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1;
      long candLow = curLow + maskLow;
      long candHigh = curHigh + maskHigh + (Long.compareUnsigned(candLow, curLow) < 0 ? 1 : 0);
      candLow &= ~maskLow;
      candHigh &= ~maskHigh;
      long endLow = candLow | maskLow;
      long endHigh = candHigh | maskHigh;
      boolean wrapped =
          Long.compareUnsigned(candHigh, curHigh) < 0
              || (candHigh == curHigh && Long.compareUnsigned(candLow, curLow) < 0);
      if (wrapped) {
        break;
      }
      if (i == size) {
        if (compare(endHigh, endLow, poolEndHigh, poolEndLow) <= 0) {
          insert(i, candHigh, candLow, prefixLength);
          return new long[] {candHigh, candLow, prefixLength};
        }
        break;
      }
      if (compare(endHigh, endLow, highs[i], lows[i]) < 0) {
        insert(i, candHigh, candLow, prefixLength);
        return new long[] {candHigh, candLow, prefixLength};
      }
      int heldHostBits = bits - lengths[i];
      long heldMaskLow = heldHostBits >= 64 ? -1L : (1L << heldHostBits) - 1;
      long heldMaskHigh =
          heldHostBits <= 64 ? 0 : heldHostBits >= 128 ? -1L : (1L << (heldHostBits - 64)) - 1;
      long nextLow = (lows[i] | heldMaskLow) + 1;
      long nextHigh = (highs[i] | heldMaskHigh) + (nextLow == 0 ? 1 : 0);
      if (compare(nextHigh, nextLow, curHigh, curLow) > 0) {
        curHigh = nextHigh;
        curLow = nextLow;
      }
    }
    throw new IllegalStateException("sorted-scan allocator is exhausted");
  }

  @Override
  public void release(Object block) {
    long[] b = (long[]) block;
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = compare(highs[mid], lows[mid], b[0], b[1]);
      if (c == 0 && lengths[mid] == (int) b[2]) {
        System.arraycopy(highs, mid + 1, highs, mid, size - mid - 1);
        System.arraycopy(lows, mid + 1, lows, mid, size - mid - 1);
        System.arraycopy(lengths, mid + 1, lengths, mid, size - mid - 1);
        size--;
        return;
      }
      if (c < 0) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    throw new IllegalStateException("not allocated");
  }

  /** First fit from an empty pool lays equal blocks end to end, so append them directly. */
  @Override
  public Object[] preload(int prefixLength, int count) {
    if (size != 0) {
      throw new IllegalStateException("preload needs an empty allocator");
    }
    int hostBits = bits - prefixLength;
    long high = pool.high();
    long low = pool.low();
    Object[] blocks = new Object[count];
    for (int i = 0; i < count; i++) {
      insert(size, high, low, prefixLength);
      blocks[i] = new long[] {high, low, prefixLength};
      if (hostBits >= 64) {
        high += 1L << (hostBits - 64);
      } else {
        long next = low + (1L << hostBits);
        high += Long.compareUnsigned(next, low) < 0 ? 1 : 0;
        low = next;
      }
    }
    return blocks;
  }

  @Override
  public Object state() {
    return this;
  }

  private void insert(int index, long high, long low, int length) {
    if (size == highs.length) {
      int grown = size * 2;
      highs = Arrays.copyOf(highs, grown);
      lows = Arrays.copyOf(lows, grown);
      lengths = Arrays.copyOf(lengths, grown);
    }
    System.arraycopy(highs, index, highs, index + 1, size - index);
    System.arraycopy(lows, index, lows, index + 1, size - index);
    System.arraycopy(lengths, index, lengths, index + 1, size - index);
    highs[index] = high;
    lows[index] = low;
    lengths[index] = length;
    size++;
  }

  private long[] lastAddress(long high, long low, int prefixLength) {
    int hostBits = bits - prefixLength;
    long maskLow = hostBits >= 64 ? -1L : (1L << hostBits) - 1;
    long maskHigh = hostBits <= 64 ? 0 : hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1;
    return new long[] {high | maskHigh, low | maskLow};
  }

  private static int compare(long aHigh, long aLow, long bHigh, long bLow) {
    int c = Long.compareUnsigned(aHigh, bHigh);
    return c != 0 ? c : Long.compareUnsigned(aLow, bLow);
  }
}
