package org.ipam4j.allocator;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.NotFoundException;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;

/**
 * One pool's address space as a buddy-allocator prefix tree.
 *
 * <p>Every node of the tree is an aligned block. A node is a <em>free leaf</em> (the whole block is
 * free), an <em>allocated leaf</em> (the whole block is handed out) or <em>split</em> into its two
 * halves. Free buddies coalesce at once, so every free leaf is a maximal free aligned block and a
 * split node always holds at least one allocated block. Each split node also keeps, for each half,
 * the depth of the shallowest free leaf beneath it and the set of depths at which free leaves lie
 * (128 bits, refreshed only when best fit asks), so every strategy finds its block in one walk from
 * the root: cost O(prefix length), independent of how many blocks are allocated and of how large
 * the pool is. Memory is proportional to the allocations held, never to the address space: an IPv6
 * {@code /8} handing out {@code /128}s costs what an IPv4 {@code /24} does.
 *
 * <p>The tree is stored from its <em>top node</em> down: a node whose every ancestor's other half
 * is a free leaf, moved as deep as it goes after each allocation. The levels above it (the
 * <em>spine</em>) are kept as an address and a depth, not as nodes, since each holds nothing but
 * one free half. A large pool used from one end, as first fit uses it, has a long spine: an IPv6
 * {@code /32} whose first thousand {@code /64}s are taken keeps nodes only below its first {@code
 * /54}, so a claim walks and updates 10 levels, not 32. A walk that needs a spine level (a block
 * outside the top node) turns the levels down from it into nodes first, and the next allocation
 * moves the top down again. (A release does not: a pool that takes its largest free block each
 * time, as least utilized does, would otherwise turn the spine into nodes and back on every claim.)
 *
 * <p>Results are deterministic: the same history of calls always gives the same blocks.
 *
 * <p><strong>Not thread-safe.</strong> Callers must serialize access to one allocator (the engine
 * holds one lock per pool). Every method that throws has changed nothing.
 *
 * <p>This file is the allocation hot path and is kept whole on purpose: the node layout, the walks
 * and the free-depth bookkeeping depend on each other line by line, and splitting them would put
 * one operation's steps in several files.
 */
public final class PrefixAllocator {

  /** A child code: the whole block is free. Any code >= 0 is the index of the node's pair. */
  private static final int FREE = -1;

  /** A child code: the whole block is allocated. */
  private static final int ALLOCATED = -2;

  private static final int NONE = -1;

  /** Longs per pair record: packed child codes, left and right free-depth sets, then meta. */
  private static final int PAIR_WORDS = 6;

  /** Word of a pair record holding its halves' shallowest free depths and the stale flag. */
  private static final int META = 5;

  private static final int MIN_BITS = 8;

  private static final int MIN_MASK = 0xFF;

  /** A shallowest free depth meaning: no free leaf beneath. */
  private static final int NO_FREE = MIN_MASK;

  /** Set in a pair's meta word when its free-depth sets may be stale. */
  private static final long DIRTY = 1L << (2 * MIN_BITS);

  private static final int INITIAL_PAIRS = 8;

  private final Cidr pool;

  /** Depth of the deepest possible node: address bits minus the pool's prefix length. */
  private final int maxDepth;

  /**
   * Position, in the 128-bit address, of the bit that splits the root: the pool's prefix length,
   * plus 96 for IPv4 whose address sits in the low 32 bits.
   */
  private final int rootBit;

  /**
   * The top node's code: {@link #FREE} (only when the whole pool is free, at depth 0), {@link
   * #ALLOCATED} or the index of its pair.
   */
  private int rootCode = FREE;

  /**
   * Depth of the top node. Every node above it on the way from the pool is split into the half
   * towards the top node and a free leaf, and is kept only as {@link #topHigh}/{@link #topLow}.
   */
  private int top;

  /** The top node's address: the pool's, with the spine's choices at depths below {@link #top}. */
  private long topHigh;

  private long topLow;

  /**
   * Which spine leaves lie left of the way down (lower addresses): bit {@code d-1} for the free
   * leaf at depth {@code d}, {@code d <= top}. Kept beside {@link #topHigh} so that a walk chooses
   * between the spine and the top node with a few mask operations.
   */
  private long spineLeftLow;

  private long spineLeftHigh;

  /**
   * The two children of each split node, as one record of {@link #PAIR_WORDS} longs: word 0 packs
   * the left child's code (high half) and the right child's (low half); words 1–2 are the left
   * child's free-depth set and words 3–4 the right's; word 5 ({@link #META}) holds the depth of the
   * shallowest free leaf in the left child's subtree (bits 0–7, {@link #NO_FREE} for none), the
   * right's (bits 8–15), and {@link #DIRTY}. A free-depth set has bit {@code d-1} set when a free
   * leaf lies at depth {@code d} (1–128) in that child's subtree, the child included. A walk
   * therefore chooses its direction from the record it is already reading.
   *
   * <p>The shallowest depths are always exact, and are all that first fit and least utilized read.
   * The sets, which only best fit reads, are exact in a pair without {@link #DIRTY}; a pair that
   * has it has every ancestor marked too, so a best-fit walk refreshes just the stale pairs, from
   * the top down, before it reads them.
   */
  private long[] pairs;

  /** Next never-used pair index. */
  private int pairTop;

  /** Head of the recycled pairs, linked through word 0. */
  private int recycledPairs = NONE;

  private final long[] freeLeavesAtDepth;
  private final long[] allocatedLeavesAtDepth;
  private long allocatedBlocks;

  /**
   * Allocated addresses as an unsigned 128-bit count. It wraps to 0 only when a whole IPv6 /0 is
   * allocated (in one block or several), which a non-zero block count tells apart from empty.
   */
  private long allocatedHigh;

  private long allocatedLow;

  /**
   * Scratch, reused by every walk so that the hot path allocates nothing: the pair and side of the
   * node at each depth (depth 0, the root, has none).
   */
  private final int[] pathPair;

  private final int[] pathSide;

  /** The address the path follows; bits below {@link #pathDepth} are scratch. */
  private long walkHigh;

  private long walkLow;

  /**
   * The finger: the path describes live nodes down to this depth along {@link #walkHigh}/{@link
   * #walkLow}, so the next address-directed walk may start at the deepest node both addresses share
   * instead of at the root.
   */
  private int pathDepth;

  /** Where the last {@link #descend} stopped. */
  private int walkDepth;

  /**
   * An allocator over {@code pool} with nothing allocated.
   *
   * @param pool the block to manage
   * @throws NullPointerException if {@code pool} is null
   */
  public PrefixAllocator(Cidr pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.maxDepth = pool.family().bits() - pool.prefixLength();
    this.topHigh = pool.high();
    this.topLow = pool.low();
    this.rootBit = 128 - pool.family().bits() + pool.prefixLength();
    this.pairs = new long[PAIR_WORDS * INITIAL_PAIRS];
    this.freeLeavesAtDepth = new long[maxDepth + 1];
    this.allocatedLeavesAtDepth = new long[maxDepth + 1];
    this.freeLeavesAtDepth[0] = 1;
    this.pathPair = new int[maxDepth + 1];
    this.pathSide = new int[maxDepth + 1];
  }

  /**
   * Rebuilds an allocator from the blocks a store hands back, in O(n · bits).
   *
   * @param pool the block to manage
   * @param allocated the blocks allocated in it, in any order
   * @return an allocator with exactly those blocks allocated
   * @throws InvalidException if a block is of another family or outside {@code pool}
   * @throws ConflictException if two blocks overlap, naming both
   */
  public static PrefixAllocator rebuild(Cidr pool, Collection<Cidr> allocated) {
    PrefixAllocator allocator = new PrefixAllocator(pool);
    for (Cidr block : allocated) {
      allocator.allocateSpecific(block);
    }
    return allocator;
  }

  /**
   * The block this allocator manages.
   *
   * @return the pool's block
   */
  public Cidr pool() {
    return pool;
  }

  /**
   * Allocates a free block of the given prefix length, chosen by {@code strategy}.
   *
   * @param prefixLength the length of the block wanted
   * @param strategy which free block to take
   * @return the block, now allocated
   * @throws InvalidException if {@code prefixLength} is not a valid mask length for the family or
   *     is shorter than the pool's
   * @throws ExhaustedException if no free block of that size is left
   */
  public Cidr allocate(int prefixLength, Strategy strategy) {
    Objects.requireNonNull(strategy, "strategy");
    int target = depthOf(prefixLength);
    int leafDepth = findFreeLeaf(target, strategy);
    if (leafDepth < 0) {
      throw new ExhaustedException(
          "prefixLength: no free /" + prefixLength + " left in " + pool + largestFreeHint());
    }
    splitDownTo(leafDepth, target);
    return blockAt(target);
  }

  /**
   * Allocates exactly {@code block}, for importing existing allocations and rebinding retained
   * ones.
   *
   * @param block the block to allocate
   * @return {@code block}, now allocated
   * @throws InvalidException if the block is of another family or not inside the pool
   * @throws ConflictException if any part of it is allocated already, naming the allocated block
   */
  public Cidr allocateSpecific(Cidr block) {
    int target = depthOfBlock(block);
    int code = descend(block.high(), block.low(), target);
    int depth = walkDepth;
    if (code == FREE) {
      splitDownTo(depth, target);
      return block;
    }
    if (depth < target) {
      throw overlapConflict(block, blockAt(depth));
    }
    if (code == ALLOCATED) {
      throw new ConflictException("cidr: " + block + " is already allocated in " + pool);
    }
    throw overlapConflict(block, firstAllocatedBelow(code, target));
  }

  /**
   * Frees an allocated block; free buddies coalesce, so freeing everything leaves one free block.
   *
   * @param block a block allocated exactly as given
   * @throws InvalidException if the block is of another family or not inside the pool
   * @throws NotFoundException if the block is not allocated exactly as given (a double free, a part
   *     of a larger allocated block, or a block that only contains allocations)
   */
  public void release(Cidr block) {
    int target = depthOfBlock(block);
    int code = descend(block.high(), block.low(), target);
    if (walkDepth != target || code != ALLOCATED) {
      throw new NotFoundException(
          "cidr: " + block + " is not allocated in " + pool + describeInstead(code, target));
    }
    allocatedLeavesAtDepth[target]--;
    allocatedBlocks--;
    addAllocated(maxDepth - target, -1);
    int depth = target;
    // Coalesce: while the freed node's buddy is free too, their parent becomes one free leaf.
    while (depth > top) {
      int pair = pathPair[depth];
      long codes = pairs[PAIR_WORDS * pair];
      int buddy = pathSide[depth] == 0 ? (int) codes : (int) (codes >> 32);
      if (buddy != FREE) {
        break;
      }
      recyclePair(pair);
      freeLeavesAtDepth[depth]--;
      depth--;
    }
    if (depth == top && top > 0) {
      // The top node is free, and every spine level's other half is: the whole pool is free.
      for (int d = top; d >= 1; d--) {
        freeLeavesAtDepth[d]--;
      }
      top = 0;
      topHigh = pool.high();
      topLow = pool.low();
      spineLeftLow = 0;
      spineLeftHigh = 0;
      depth = 0;
    }
    setCode(depth, FREE);
    freeLeavesAtDepth[depth]++;
    pathDepth = depth;
    propagate(depth);
  }

  /**
   * Whether exactly {@code block} is allocated (not merely inside or around an allocation).
   *
   * @param block the block to test
   * @return true if an allocation is exactly this block
   */
  public boolean isAllocated(Cidr block) {
    if (block.family() != pool.family() || !pool.contains(block)) {
      return false;
    }
    int target = block.prefixLength() - pool.prefixLength();
    if (Math.min(spineShared(block.high(), block.low()), target) < top) {
      return false; // a spine level is split, and its other half is free
    }
    return descend(block.high(), block.low(), target) == ALLOCATED && walkDepth == target;
  }

  /**
   * Allocated addresses, exactly.
   *
   * @return the number of addresses in allocated blocks
   */
  public BigInteger allocatedAddresses() {
    if (allocatedHigh == 0 && allocatedLow == 0 && allocatedBlocks > 0) {
      return pool.size();
    }
    if (allocatedHigh == 0 && allocatedLow >= 0) {
      return BigInteger.valueOf(allocatedLow); // every IPv4 pool and most IPv6 counts
    }
    return new BigInteger(
        1,
        new byte[] {
          (byte) (allocatedHigh >>> 56),
          (byte) (allocatedHigh >>> 48),
          (byte) (allocatedHigh >>> 40),
          (byte) (allocatedHigh >>> 32),
          (byte) (allocatedHigh >>> 24),
          (byte) (allocatedHigh >>> 16),
          (byte) (allocatedHigh >>> 8),
          (byte) allocatedHigh,
          (byte) (allocatedLow >>> 56),
          (byte) (allocatedLow >>> 48),
          (byte) (allocatedLow >>> 40),
          (byte) (allocatedLow >>> 32),
          (byte) (allocatedLow >>> 24),
          (byte) (allocatedLow >>> 16),
          (byte) (allocatedLow >>> 8),
          (byte) allocatedLow
        });
  }

  /**
   * Free addresses, exactly.
   *
   * @return the number of addresses in free blocks
   */
  public BigInteger availableAddresses() {
    return pool.size().subtract(allocatedAddresses());
  }

  /**
   * The prefix length of the largest free aligned block; empty when nothing is free.
   *
   * @return the prefix length, or empty when the pool is exhausted
   */
  public OptionalInt largestFreePrefix() {
    if (rootCode == FREE) {
      return OptionalInt.of(pool.prefixLength());
    }
    if (top > 0) {
      return OptionalInt.of(pool.prefixLength() + 1); // the spine's first free half
    }
    if (rootCode == ALLOCATED) {
      return OptionalInt.empty();
    }
    int min = pairMin(PAIR_WORDS * rootCode);
    return min == NO_FREE ? OptionalInt.empty() : OptionalInt.of(pool.prefixLength() + min);
  }

  /**
   * The allocated share of the pool as a percentage with four decimals, rounded down (256 addresses
   * of a /16 is 0.3906), exact for IPv6 too; written without trailing zeros.
   *
   * @return 0 to 100; 100 only when nothing is free
   */
  public BigDecimal utilizationPercent() {
    // A pool of up to 2^43 addresses is counted in a long; a wider one (IPv6, where the count
    // may wrap to zero for a full /0) through allocatedAddresses(), which handles the wrap.
    int hostBits = maxDepth;
    return hostBits <= Percent.LONG_BITS
        ? Percent.ofPowerOfTwo(allocatedLow, hostBits)
        : Percent.ofPowerOfTwo(allocatedAddresses(), hostBits);
  }

  /**
   * How many blocks are allocated.
   *
   * @return the number of allocated blocks
   */
  public long allocatedBlockCount() {
    return allocatedBlocks;
  }

  /**
   * How many blocks of {@code prefixLength} could still be allocated ("how many /24s can I still
   * get?"), exactly.
   *
   * @param prefixLength the block size asked about
   * @return the number of blocks of that size that fit in the free space
   * @throws InvalidException as {@link #allocate} does for a bad prefix length
   */
  public BigInteger availableBlocks(int prefixLength) {
    int target = depthOf(prefixLength);
    BigInteger sum = BigInteger.ZERO;
    for (int d = 0; d <= target; d++) {
      if (freeLeavesAtDepth[d] != 0) {
        sum = sum.add(BigInteger.valueOf(freeLeavesAtDepth[d]).shiftLeft(target - d));
      }
    }
    return sum;
  }

  /**
   * Exact figures for the pool as it is now.
   *
   * @return the figures, as of now
   */
  public PoolUsage usage() {
    BigInteger allocated = BigInteger.ZERO;
    BigInteger available = BigInteger.ZERO;
    SortedMap<Integer, Long> freeByLength = new TreeMap<>();
    OptionalInt largest = OptionalInt.empty();
    for (int d = 0; d <= maxDepth; d++) {
      int hostBits = maxDepth - d;
      if (allocatedLeavesAtDepth[d] != 0) {
        allocated =
            allocated.add(BigInteger.valueOf(allocatedLeavesAtDepth[d]).shiftLeft(hostBits));
      }
      if (freeLeavesAtDepth[d] != 0) {
        available = available.add(BigInteger.valueOf(freeLeavesAtDepth[d]).shiftLeft(hostBits));
        freeByLength.put(pool.prefixLength() + d, freeLeavesAtDepth[d]);
        if (largest.isEmpty()) {
          largest = OptionalInt.of(pool.prefixLength() + d);
        }
      }
    }
    return new PoolUsage(pool, allocated, available, allocatedBlocks, largest, freeByLength);
  }

  /**
   * The allocated blocks in address order.
   *
   * @return the blocks, as a new list
   */
  public List<Cidr> allocatedBlocks() {
    List<Cidr> out = new ArrayList<>();
    collectLeaves(ALLOCATED, out);
    return out;
  }

  /**
   * The maximal free aligned blocks in address order.
   *
   * @return the blocks, as a new list
   */
  public List<Cidr> freeBlocks() {
    List<Cidr> out = new ArrayList<>();
    collectLeaves(FREE, out);
    return out;
  }

  /** Adds (sign 1) or subtracts (sign -1) 2^hostBits to the allocated count, mod 2^128. */
  private void addAllocated(int hostBits, int sign) {
    long addLow = hostBits >= 64 ? 0 : 1L << hostBits;
    long addHigh = hostBits < 64 || hostBits >= 128 ? 0 : 1L << (hostBits - 64);
    if (sign > 0) {
      long low = allocatedLow + addLow;
      allocatedHigh += addHigh + (Long.compareUnsigned(low, allocatedLow) < 0 ? 1 : 0);
      allocatedLow = low;
    } else {
      long low = allocatedLow - addLow;
      allocatedHigh -= addHigh + (Long.compareUnsigned(allocatedLow, addLow) < 0 ? 1 : 0);
      allocatedLow = low;
    }
  }

  // ---- walks ---------------------------------------------------------------------------------

  /**
   * Finds the free leaf the strategy wants, leaving the walk in {@link #pathPair}/{@link #pathSide}
   * and the leaf's address in {@link #walkHigh}/{@link #walkLow}. Returns its depth, or -1 if none
   * fits.
   */
  private int findFreeLeaf(int target, Strategy strategy) {
    walkHigh = topHigh;
    walkLow = topLow;
    pathDepth = top;
    int code = rootCode;
    if (code == FREE) {
      return top;
    }
    if (strategy == Strategy.BestFit) {
      return findBestFit(target);
    }
    int subMin = code == ALLOCATED ? NO_FREE : pairMin(PAIR_WORDS * code);
    int shallowest = top > 0 ? 1 : subMin;
    if (shallowest > target) {
      return -1;
    }
    // First fit takes the first leaf that fits; least utilized the first of the shallowest ones.
    // Either way the walk goes left wherever the left half's shallowest free leaf is within limit.
    int limit = strategy == Strategy.FirstFit ? target : shallowest;
    int exit = spineExit(limit, subMin);
    if (exit > 0) {
      raiseTop(exit - 1);
      code = rootCode;
      walkHigh = topHigh;
      walkLow = topLow;
    }
    int depth = top;
    while (true) {
      int base = PAIR_WORDS * code;
      long codes = pairs[base];
      depth++;
      pathPair[depth] = code;
      if ((int) (pairs[base + META] & MIN_MASK) <= limit) {
        pathSide[depth] = 0;
        code = (int) (codes >> 32);
      } else {
        pathSide[depth] = 1;
        setWalkBit(depth - 1);
        code = (int) codes;
      }
      if (code == FREE) {
        pathDepth = depth;
        return depth;
      }
    }
  }

  /**
   * The deepest (smallest) free leaf that fits, the first of them in address order. It reads the
   * free-depth sets, so it first brings those that changed since the last best-fit walk up to date.
   */
  private int findBestFit(int target) {
    int code = rootCode;
    long subLow = 0;
    long subHigh = 0;
    if (code >= 0) {
      clean(code, top);
      int base = PAIR_WORDS * code;
      subLow = pairs[base + 1] | pairs[base + 3];
      subHigh = pairs[base + 2] | pairs[base + 4];
    }
    long candidatesLow = (subLow | lowBits(top)) & lowBits(target);
    long candidatesHigh = (subHigh | highBits(top)) & highBits(target);
    if ((candidatesLow | candidatesHigh) == 0) {
      return -1;
    }
    int want =
        candidatesHigh != 0
            ? 128 - Long.numberOfLeadingZeros(candidatesHigh)
            : 64 - Long.numberOfLeadingZeros(candidatesLow);
    if (want <= top) {
      // The spine holds the only free leaf at that depth: the top node's leaves are all deeper.
      raiseTop(want - 1);
      code = rootCode;
      walkHigh = topHigh;
      walkLow = topLow;
    }
    long wantLow = want <= 64 ? 1L << (want - 1) : 0;
    long wantHigh = want <= 64 ? 0 : 1L << (want - 65);
    int depth = top;
    while (true) {
      int base = PAIR_WORDS * code;
      long codes = pairs[base];
      depth++;
      pathPair[depth] = code;
      if (((pairs[base + 1] & wantLow) | (pairs[base + 2] & wantHigh)) != 0) {
        pathSide[depth] = 0;
        code = (int) (codes >> 32);
      } else {
        pathSide[depth] = 1;
        setWalkBit(depth - 1);
        code = (int) codes;
      }
      if (code == FREE) {
        pathDepth = depth;
        return depth;
      }
    }
  }

  /**
   * The depth of the spine leaf a walk that takes the first free leaf at most {@code limit} deep
   * ends in, or 0 when it reaches the top node (whose shallowest free leaf is at {@code subMin}).
   * Every spine level has a free leaf, so those at depths 1 to {@code min(limit, top)} fit: the
   * walk leaves at the shallowest of them that lies left of the way down; failing that, it stays on
   * the way down if the top node has a leaf that fits, and leaves at the deepest spine leaf if not.
   */
  private int spineExit(int limit, int subMin) {
    int fitting = Math.min(limit, top);
    if (fitting <= 0) {
      return 0;
    }
    long leftLow = spineLeftLow & lowBits(fitting);
    if (leftLow != 0) {
      return Long.numberOfTrailingZeros(leftLow) + 1;
    }
    long leftHigh = spineLeftHigh & highBits(fitting);
    if (leftHigh != 0) {
      return Long.numberOfTrailingZeros(leftHigh) + 65;
    }
    return subMin <= limit ? 0 : fitting;
  }

  /**
   * Turns the spine levels from {@code depth} down to the top node into nodes, so that the node at
   * {@code depth} becomes the top. Each new node holds the half towards the old top and a free
   * leaf; its free-depth sets are stale when the old top's are. The finger restarts at the new top.
   */
  private void raiseTop(int depth) {
    int code = rootCode;
    long low = 0;
    long high = 0;
    int min = NO_FREE;
    long dirty = 0;
    if (code >= 0) {
      int base = PAIR_WORDS * code;
      low = pairs[base + 1] | pairs[base + 3];
      high = pairs[base + 2] | pairs[base + 4];
      min = pairMin(base);
      dirty = pairs[base + META] & DIRTY;
    }
    for (int d = top - 1; d >= depth; d--) {
      int pair = takePair();
      int base = PAIR_WORDS * pair;
      long leafLow = d < 64 ? 1L << d : 0;
      long leafHigh = d < 64 ? 0 : 1L << (d - 64);
      if (bit(topHigh, topLow, d) == 0) {
        pairs[base] = pack(code, FREE);
        pairs[base + 1] = low;
        pairs[base + 2] = high;
        pairs[base + 3] = leafLow;
        pairs[base + 4] = leafHigh;
        pairs[base + META] = meta(min, d + 1) | dirty;
      } else {
        pairs[base] = pack(FREE, code);
        pairs[base + 1] = leafLow;
        pairs[base + 2] = leafHigh;
        pairs[base + 3] = low;
        pairs[base + 4] = high;
        pairs[base + META] = meta(d + 1, min) | dirty;
        clearTopBit(d);
      }
      low |= leafLow;
      high |= leafHigh;
      min = d + 1;
      code = pair;
    }
    rootCode = code;
    top = depth;
    spineLeftLow &= lowBits(depth);
    spineLeftHigh &= highBits(depth);
    pathDepth = depth;
  }

  /**
   * Moves the top node down while one of its halves is a free leaf, so that walks and free-depth
   * updates start as deep as they can. Called after allocations only; a top node with a free half
   * is a valid tree, just one with levels a walk could have skipped.
   */
  private void lowerTop() {
    while (rootCode >= 0) {
      int base = PAIR_WORDS * rootCode;
      long codes = pairs[base];
      int left = (int) (codes >> 32);
      int right = (int) codes;
      int child;
      if (left == FREE) {
        child = right;
        setTopBit(top);
        if (top < 64) {
          spineLeftLow |= 1L << top;
        } else {
          spineLeftHigh |= 1L << (top - 64);
        }
      } else if (right == FREE) {
        child = left;
      } else {
        break;
      }
      recyclePair(rootCode);
      rootCode = child;
      top++;
    }
    if (pathDepth < top) {
      pathDepth = top;
    }
  }

  /** The depth bits below {@code n} of a free-depth set's low word: depths 1 to {@code n}. */
  private static long lowBits(int n) {
    return n >= 64 ? -1L : (1L << n) - 1;
  }

  /** The depth bits below {@code n} of a free-depth set's high word. */
  private static long highBits(int n) {
    return n <= 64 ? 0 : n >= 128 ? -1L : (1L << (n - 64)) - 1;
  }

  /** A pair's meta word with the halves' shallowest free depths, not stale. */
  private static long meta(int leftMin, int rightMin) {
    return leftMin | ((long) rightMin << MIN_BITS);
  }

  /** The shallowest free depth under the pair at {@code base}, or {@link #NO_FREE}. */
  private int pairMin(int base) {
    long meta = pairs[base + META];
    return Math.min((int) (meta & MIN_MASK), (int) (meta >>> MIN_BITS) & MIN_MASK);
  }

  /**
   * Turns the free leaf at {@code leafDepth} on the current path into an allocated block at {@code
   * target}, splitting along the address in {@link #walkHigh}/{@link #walkLow}; each split leaves
   * the other half as a free leaf.
   */
  private void splitDownTo(int leafDepth, int target) {
    freeLeavesAtDepth[leafDepth]--;
    for (int depth = leafDepth; depth < target; depth++) {
      int pair = takePair();
      int base = PAIR_WORDS * pair;
      long childBitLow = depth < 64 ? 1L << depth : 0;
      long childBitHigh = depth < 64 ? 0 : 1L << (depth - 64);
      pairs[base] = pack(FREE, FREE);
      pairs[base + 1] = childBitLow;
      pairs[base + 2] = childBitHigh;
      pairs[base + 3] = childBitLow;
      pairs[base + 4] = childBitHigh;
      pairs[base + META] = meta(depth + 1, depth + 1);
      setCode(depth, pair);
      freeLeavesAtDepth[depth + 1]++;
      pathPair[depth + 1] = pair;
      pathSide[depth + 1] = bitAt(depth);
    }
    setCode(target, ALLOCATED);
    allocatedLeavesAtDepth[target]++;
    allocatedBlocks++;
    addAllocated(maxDepth - target, 1);
    pathDepth = target;
    propagate(target);
    lowerTop();
  }

  /**
   * Tells the nodes above {@code depth} on the current path, up to the top node's halves, that the
   * node at {@code depth} changed: each stores its half's new shallowest free depth and marks its
   * free-depth sets stale. It stops at the first node whose shallowest depth did not change and
   * which was stale already, since nothing higher can change (a stale node's ancestors are all
   * stale). A pool used in address order therefore updates a level or two per claim, not every
   * level up to the top; {@link #clean} brings the sets up to date when a best-fit walk needs them.
   */
  private void propagate(int depth) {
    int code = codeAt(depth);
    int min = code == FREE ? depth : code == ALLOCATED ? NO_FREE : pairMin(PAIR_WORDS * code);
    for (int d = depth; d > top; d--) {
      int base = PAIR_WORDS * pathPair[d];
      int shift = MIN_BITS * pathSide[d];
      long meta = pairs[base + META];
      if (((int) (meta >>> shift) & MIN_MASK) == min && (meta & DIRTY) != 0) {
        return;
      }
      pairs[base + META] = (meta & ~((long) MIN_MASK << shift)) | ((long) min << shift) | DIRTY;
      min = Math.min(min, (int) (meta >>> (MIN_BITS - shift)) & MIN_MASK);
    }
  }

  /**
   * Recomputes the free-depth sets of the stale pairs beneath and including {@code pair}, the pair
   * of a node at {@code depth}. A pair that is not stale has none stale beneath it.
   */
  private void clean(int pair, int depth) {
    int base = PAIR_WORDS * pair;
    long meta = pairs[base + META];
    if ((meta & DIRTY) == 0) {
      return;
    }
    long codes = pairs[base];
    cleanHalf(base + 1, (int) (codes >> 32), depth + 1);
    cleanHalf(base + 3, (int) codes, depth + 1);
    pairs[base + META] = meta & ~DIRTY;
  }

  /** Stores at {@code slot} the free-depth set of the node {@code code} at {@code depth}. */
  private void cleanHalf(int slot, int code, int depth) {
    if (code == FREE) {
      pairs[slot] = depth - 1 < 64 ? 1L << (depth - 1) : 0;
      pairs[slot + 1] = depth - 1 < 64 ? 0 : 1L << (depth - 65);
    } else if (code == ALLOCATED) {
      pairs[slot] = 0;
      pairs[slot + 1] = 0;
    } else {
      clean(code, depth);
      int base = PAIR_WORDS * code;
      pairs[slot] = pairs[base + 1] | pairs[base + 3];
      pairs[slot + 1] = pairs[base + 2] | pairs[base + 4];
    }
  }

  /** The code of the node at {@code depth} on the current path. */
  private int codeAt(int depth) {
    if (depth == top) {
      return rootCode;
    }
    long codes = pairs[PAIR_WORDS * pathPair[depth]];
    return pathSide[depth] == 0 ? (int) (codes >> 32) : (int) codes;
  }

  private void setCode(int depth, int code) {
    if (depth == top) {
      rootCode = code;
      return;
    }
    int base = PAIR_WORDS * pathPair[depth];
    long codes = pairs[base];
    pairs[base] = pathSide[depth] == 0 ? pack(code, (int) codes) : pack((int) (codes >> 32), code);
  }

  private static long pack(int left, int right) {
    return ((long) left << 32) | (right & 0xFFFFFFFFL);
  }

  /** From a split node's pair at {@code depth}, steps to the child the walk address chooses. */
  private int step(int pair, int depth) {
    int side = bitAt(depth);
    pathPair[depth + 1] = pair;
    pathSide[depth + 1] = side;
    long codes = pairs[PAIR_WORDS * pair];
    return side == 0 ? (int) (codes >> 32) : (int) codes;
  }

  /**
   * Walks towards the address ({@code high}, {@code low}) down to {@code target}, starting at the
   * deepest node the last path shares with it, and stops early at a leaf. Leaves the depth reached
   * in {@link #walkDepth} and returns that node's code.
   */
  private int descend(long high, long low, int target) {
    int needed = Math.min(spineShared(high, low), target);
    if (needed < top) {
      raiseTop(needed); // the address leaves the spine, or the block is a spine level
    }
    int shared =
        (high != walkHigh
                ? Long.numberOfLeadingZeros(high ^ walkHigh)
                : 64 + Long.numberOfLeadingZeros(low ^ walkLow))
            - rootBit;
    int depth = Math.max(top, Math.min(Math.min(shared, pathDepth), target));
    walkHigh = high;
    walkLow = low;
    int code = codeAt(depth);
    while (depth < target && code >= 0) {
      code = step(code, depth);
      depth++;
    }
    pathDepth = depth;
    walkDepth = depth;
    return code;
  }

  /** How many levels below the pool the address ({@code high}, {@code low}) shares with the top. */
  private int spineShared(long high, long low) {
    return (high != topHigh
            ? Long.numberOfLeadingZeros(high ^ topHigh)
            : 64 + Long.numberOfLeadingZeros(low ^ topLow))
        - rootBit;
  }

  /** Why the block that {@link #descend} reached (code {@code code}) is not an allocation. */
  private String describeInstead(int code, int target) {
    if (code == FREE) {
      return " (it is free)";
    }
    if (code == ALLOCATED) {
      return " (it lies inside the allocated block " + blockAt(walkDepth) + ")";
    }
    return " (it contains the allocated block " + firstAllocatedBelow(code, target) + ")";
  }

  /** The lowest allocated block beneath a split node (pair {@code pair}) at {@code depth}. */
  private Cidr firstAllocatedBelow(int pair, int depth) {
    int code = pair;
    while (code != ALLOCATED) {
      long codes = pairs[PAIR_WORDS * code];
      int left = (int) (codes >> 32);
      if (left == FREE) {
        // A split node never has two free children, so the right one holds an allocation.
        setWalkBit(depth);
        code = (int) codes;
      } else {
        code = left;
      }
      depth++;
    }
    return blockAt(depth);
  }

  private void collectLeaves(int kind, List<Cidr> out) {
    // Depth-first, right child pushed first so that blocks come out in address order. The stack
    // never holds more than one pending right sibling per depth, plus the current node.
    // The spine's free leaves come before the top node when they lie left of it, after it in
    // reverse depth order when they lie right.
    pathDepth = top;
    if (kind == FREE) {
      for (int d = 1; d <= top; d++) {
        if (bit(topHigh, topLow, d - 1) == 1) {
          out.add(spineLeaf(d));
        }
      }
    }
    int[] codes = new int[maxDepth + 2];
    long[] highs = new long[maxDepth + 2];
    long[] lows = new long[maxDepth + 2];
    int[] depths = new int[maxDepth + 2];
    codes[0] = rootCode;
    highs[0] = topHigh;
    lows[0] = topLow;
    depths[0] = top;
    int stack = 1;
    while (stack > 0) {
      stack--;
      int code = codes[stack];
      long high = highs[stack];
      long low = lows[stack];
      int depth = depths[stack];
      walkHigh = high;
      walkLow = low;
      if (code < 0) {
        if (code == kind) {
          out.add(blockAt(depth));
        }
        continue;
      }
      long children = pairs[PAIR_WORDS * code];
      setWalkBit(depth);
      codes[stack] = (int) children;
      highs[stack] = walkHigh;
      lows[stack] = walkLow;
      depths[stack] = depth + 1;
      stack++;
      codes[stack] = (int) (children >> 32);
      highs[stack] = high;
      lows[stack] = low;
      depths[stack] = depth + 1;
      stack++;
    }
    if (kind == FREE) {
      for (int d = top; d >= 1; d--) {
        if (bit(topHigh, topLow, d - 1) == 0) {
          out.add(spineLeaf(d));
        }
      }
    }
  }

  /** The spine's free leaf at {@code depth}: the top's address with that level's choice flipped. */
  private Cidr spineLeaf(int depth) {
    int k = rootBit + depth - 1;
    walkHigh = k < 64 ? topHigh ^ (1L << (63 - k)) : topHigh;
    walkLow = k < 64 ? topLow : topLow ^ (1L << (127 - k));
    return blockAt(depth);
  }

  // ---- addresses -----------------------------------------------------------------------------

  /** The address bit that chooses between the halves of a node at {@code depth}: 0 or 1. */
  private int bitAt(int depth) {
    return bit(walkHigh, walkLow, depth);
  }

  /** The bit of address ({@code high}, {@code low}) that chooses a half at {@code depth}. */
  private int bit(long high, long low, int depth) {
    int k = rootBit + depth;
    return (int) (k < 64 ? (high >>> (63 - k)) & 1 : (low >>> (127 - k)) & 1);
  }

  private void setTopBit(int depth) {
    int k = rootBit + depth;
    if (k < 64) {
      topHigh |= 1L << (63 - k);
    } else {
      topLow |= 1L << (127 - k);
    }
  }

  private void clearTopBit(int depth) {
    int k = rootBit + depth;
    if (k < 64) {
      topHigh &= ~(1L << (63 - k));
    } else {
      topLow &= ~(1L << (127 - k));
    }
  }

  private void setWalkBit(int depth) {
    int k = rootBit + depth;
    if (k < 64) {
      walkHigh |= 1L << (63 - k);
    } else {
      walkLow |= 1L << (127 - k);
    }
  }

  /** The block at {@code depth} on the current walk's address. */
  private Cidr blockAt(int depth) {
    int length = pool.prefixLength() + depth;
    int hostBits = pool.family().bits() - length;
    long lowMask = hostBits >= 64 ? 0 : -1L << hostBits;
    long highMask;
    if (pool.family() == IpFamily.IPv4 || hostBits <= 64) {
      highMask = -1L;
    } else {
      highMask = hostBits >= 128 ? 0 : -1L << (hostBits - 64);
    }
    return pool.family() == IpFamily.IPv4
        ? Cidr.ipv4((int) (walkLow & lowMask), length)
        : Cidr.ipv6(walkHigh & highMask, walkLow & lowMask, length);
  }

  // ---- validation ----------------------------------------------------------------------------

  private int depthOf(int prefixLength) {
    if (!pool.family().isValidPrefixLength(prefixLength)) {
      throw new InvalidException(
          "prefixLength",
          prefixLength
              + " is not a valid "
              + pool.family()
              + " prefix length (0-"
              + pool.family().bits()
              + ")");
    }
    if (prefixLength < pool.prefixLength()) {
      throw new InvalidException(
          "prefixLength", "/" + prefixLength + " is larger than the pool " + pool);
    }
    return prefixLength - pool.prefixLength();
  }

  private int depthOfBlock(Cidr block) {
    Objects.requireNonNull(block, "block");
    if (block.family() != pool.family()) {
      throw new InvalidException(
          "cidr",
          block + " is " + block.family() + " but the pool " + pool + " is " + pool.family());
    }
    if (!pool.contains(block)) {
      throw new InvalidException("cidr", block + " is not inside the pool " + pool);
    }
    return block.prefixLength() - pool.prefixLength();
  }

  private ConflictException overlapConflict(Cidr wanted, Cidr allocated) {
    return new ConflictException(
        "cidr: " + wanted + " overlaps the allocated block " + allocated + " in " + pool);
  }

  private String largestFreeHint() {
    for (int d = 0; d <= maxDepth; d++) {
      if (freeLeavesAtDepth[d] != 0) {
        return " (largest free block is /" + (pool.prefixLength() + d) + ")";
      }
    }
    return " (the pool is full)";
  }

  // ---- pair arena ----------------------------------------------------------------------------

  private int takePair() {
    if (recycledPairs != NONE) {
      int pair = recycledPairs;
      recycledPairs = (int) pairs[PAIR_WORDS * pair];
      return pair;
    }
    if (PAIR_WORDS * (pairTop + 1) > pairs.length) {
      int capacity = pairs.length / PAIR_WORDS;
      pairs = Arrays.copyOf(pairs, PAIR_WORDS * (capacity + (capacity >> 1) + 1));
    }
    return pairTop++;
  }

  private void recyclePair(int pair) {
    pairs[PAIR_WORDS * pair] = recycledPairs;
    recycledPairs = pair;
  }
}
