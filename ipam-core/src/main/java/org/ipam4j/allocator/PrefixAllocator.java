package org.ipam4j.allocator;

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
 * split node always holds at least one allocated block. Each split node also keeps the set of
 * depths at which free leaves lie beneath it (128 bits), so every strategy finds its block in one
 * walk from the root: cost O(prefix length), independent of how many blocks are allocated and of
 * how large the pool is. Memory is proportional to the allocations held, never to the address
 * space: an IPv6 {@code /8} handing out {@code /128}s costs what an IPv4 {@code /24} does.
 *
 * <p>Results are deterministic: the same history of calls always gives the same blocks.
 *
 * <p><strong>Not thread-safe.</strong> Callers must serialize access to one allocator (the engine
 * holds one lock per pool). Every method that throws has changed nothing.
 */
public final class PrefixAllocator {

  private static final int FREE = -1;
  private static final int ALLOCATED = -2;
  private static final int NONE = -1;
  private static final int ROOT = 0;
  private static final int INITIAL_NODES = 15;

  private final Cidr pool;
  /** Depth of the deepest possible node: address bits minus the pool's prefix length. */
  private final int maxDepth;
  /** Where the family's address starts in 128 bits: 96 for IPv4, 0 for IPv6. */
  private final int bitOffset;

  /** Per node: {@link #FREE}, {@link #ALLOCATED}, or the index of the left child (right is +1). */
  private int[] child;
  /**
   * Per split node, two words: bit {@code d-1} is set when a free leaf lies at depth {@code d}
   * (1–64 in the first word, 65–128 in the second) somewhere beneath it.
   */
  private long[] freeDepths;
  /** Next never-used node index; child pairs are taken from here or from the recycled list. */
  private int nodeTop;
  /** Head of the recycled child pairs, linked through {@link #child}. */
  private int recycledPairs = NONE;

  private final long[] freeLeavesAtDepth;
  private final long[] allocatedLeavesAtDepth;
  private long allocatedBlocks;

  /** Scratch, reused by every walk so that the hot path allocates nothing. */
  private final int[] path;

  private long walkHigh;
  private long walkLow;

  /**
   * An allocator over {@code pool} with nothing allocated.
   *
   * @throws NullPointerException if {@code pool} is null
   */
  public PrefixAllocator(Cidr pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.maxDepth = pool.family().bits() - pool.prefixLength();
    this.bitOffset = 128 - pool.family().bits();
    this.child = new int[INITIAL_NODES];
    this.freeDepths = new long[2 * INITIAL_NODES];
    this.child[ROOT] = FREE;
    this.nodeTop = 1;
    this.freeLeavesAtDepth = new long[maxDepth + 1];
    this.allocatedLeavesAtDepth = new long[maxDepth + 1];
    this.freeLeavesAtDepth[0] = 1;
    this.path = new int[maxDepth + 1];
  }

  /**
   * Rebuilds an allocator from the blocks a store hands back, in O(n · bits).
   *
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

  /** The block this allocator manages. */
  public Cidr pool() {
    return pool;
  }

  /**
   * Allocates a free block of the given prefix length, chosen by {@code strategy}.
   *
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
   * @throws InvalidException if the block is of another family or not inside the pool
   * @throws ConflictException if any part of it is allocated already, naming the allocated block
   */
  public Cidr allocateSpecific(Cidr block) {
    int target = depthOfBlock(block);
    walkHigh = block.high();
    walkLow = block.low();
    path[0] = ROOT;
    int node = ROOT;
    for (int depth = 0; depth < target; depth++) {
      int c = child[node];
      if (c == FREE) {
        splitDownTo(depth, target);
        return block;
      }
      if (c == ALLOCATED) {
        throw overlapConflict(block, blockAt(depth));
      }
      node = c + bitAt(depth);
      path[depth + 1] = node;
    }
    int c = child[node];
    if (c == FREE) {
      splitDownTo(target, target);
      return block;
    }
    if (c == ALLOCATED) {
      throw new ConflictException("cidr: " + block + " is already allocated in " + pool);
    }
    throw overlapConflict(block, firstAllocatedBelow(node, target));
  }

  /**
   * Frees an allocated block; free buddies coalesce, so freeing everything leaves one free block.
   *
   * @throws InvalidException if the block is of another family or not inside the pool
   * @throws NotFoundException if the block is not allocated exactly as given (a double free, a
   *     part of a larger allocated block, or a block that only contains allocations)
   */
  public void release(Cidr block) {
    int target = depthOfBlock(block);
    int node = walkTo(block, target);
    if (node < 0 || child[node] != ALLOCATED) {
      throw new NotFoundException(
          "cidr: " + block + " is not allocated in " + pool + describeInstead(block, target));
    }
    child[node] = FREE;
    allocatedLeavesAtDepth[target]--;
    allocatedBlocks--;
    freeLeavesAtDepth[target]++;
    int depth = target;
    while (depth > 0) {
      int parent = path[depth - 1];
      int left = child[parent];
      if (child[left] != FREE || child[left + 1] != FREE) {
        break;
      }
      child[parent] = FREE;
      recyclePair(left);
      freeLeavesAtDepth[depth] -= 2;
      freeLeavesAtDepth[depth - 1]++;
      depth--;
    }
    for (int d = depth - 1; d >= 0; d--) {
      if (!recomputeFreeDepths(path[d], d)) {
        break;
      }
    }
  }

  /** Whether exactly {@code block} is allocated (not merely inside or around an allocation). */
  public boolean isAllocated(Cidr block) {
    if (block.family() != pool.family() || !pool.contains(block)) {
      return false;
    }
    int target = block.prefixLength() - pool.prefixLength();
    int node = walkTo(block, target);
    return node >= 0 && child[node] == ALLOCATED;
  }

  /** How many blocks are allocated. */
  public long allocatedBlockCount() {
    return allocatedBlocks;
  }

  /**
   * How many blocks of {@code prefixLength} could still be allocated ("how many /24s can I still
   * get?"), exactly.
   *
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

  /** Exact figures for the pool as it is now. */
  public PoolUsage usage() {
    BigInteger allocated = BigInteger.ZERO;
    BigInteger available = BigInteger.ZERO;
    SortedMap<Integer, Long> freeByLength = new TreeMap<>();
    OptionalInt largest = OptionalInt.empty();
    for (int d = 0; d <= maxDepth; d++) {
      int hostBits = maxDepth - d;
      if (allocatedLeavesAtDepth[d] != 0) {
        allocated = allocated.add(BigInteger.valueOf(allocatedLeavesAtDepth[d]).shiftLeft(hostBits));
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

  /** The allocated blocks in address order. */
  public List<Cidr> allocatedBlocks() {
    List<Cidr> out = new ArrayList<>();
    collectLeaves(ALLOCATED, out);
    return out;
  }

  /** The maximal free aligned blocks in address order. */
  public List<Cidr> freeBlocks() {
    List<Cidr> out = new ArrayList<>();
    collectLeaves(FREE, out);
    return out;
  }

  // ---- walks ---------------------------------------------------------------------------------

  /**
   * Finds the free leaf the strategy wants, leaving the walk in {@link #path} and the leaf's
   * address in {@link #walkHigh}/{@link #walkLow}. Returns its depth, or -1 if none fits.
   */
  private int findFreeLeaf(int target, Strategy strategy) {
    walkHigh = pool.high();
    walkLow = pool.low();
    path[0] = ROOT;
    int rootChild = child[ROOT];
    if (rootChild == FREE) {
      return 0;
    }
    if (rootChild == ALLOCATED) {
      return -1;
    }
    long fitsLow = target >= 64 ? -1L : (1L << target) - 1;
    long fitsHigh = target <= 64 ? 0 : target >= 128 ? -1L : (1L << (target - 64)) - 1;
    long candidatesLow = freeDepths[2 * ROOT] & fitsLow;
    long candidatesHigh = freeDepths[2 * ROOT + 1] & fitsHigh;
    if ((candidatesLow | candidatesHigh) == 0) {
      return -1;
    }
    long wantLow;
    long wantHigh;
    switch (strategy) {
      case FirstFit -> {
        wantLow = candidatesLow;
        wantHigh = candidatesHigh;
      }
      case BestFit -> {
        // The deepest (smallest) free leaf that still fits.
        if (candidatesHigh != 0) {
          wantLow = 0;
          wantHigh = Long.highestOneBit(candidatesHigh);
        } else {
          wantLow = Long.highestOneBit(candidatesLow);
          wantHigh = 0;
        }
      }
      case LeastUtilized -> {
        // The shallowest (largest) free leaf.
        if (candidatesLow != 0) {
          wantLow = Long.lowestOneBit(candidatesLow);
          wantHigh = 0;
        } else {
          wantLow = 0;
          wantHigh = Long.lowestOneBit(candidatesHigh);
        }
      }
      default -> throw new AssertionError(strategy);
    }
    int node = ROOT;
    int depth = 0;
    while (true) {
      int left = child[node];
      if (hasWantedFreeLeaf(left, depth + 1, wantLow, wantHigh)) {
        node = left;
      } else {
        node = left + 1;
        setWalkBit(depth);
      }
      depth++;
      path[depth] = node;
      if (child[node] == FREE) {
        return depth;
      }
    }
  }

  private boolean hasWantedFreeLeaf(int node, int depth, long wantLow, long wantHigh) {
    int c = child[node];
    if (c == FREE) {
      int bit = depth - 1;
      return bit < 64 ? (wantLow & (1L << bit)) != 0 : (wantHigh & (1L << (bit - 64))) != 0;
    }
    if (c == ALLOCATED) {
      return false;
    }
    return ((freeDepths[2 * node] & wantLow) | (freeDepths[2 * node + 1] & wantHigh)) != 0;
  }

  /**
   * Turns the free leaf at {@code path[leafDepth]} into an allocated block at {@code target},
   * splitting on the way along the address in {@link #walkHigh}/{@link #walkLow}; each split
   * leaves the other half as a free leaf.
   */
  private void splitDownTo(int leafDepth, int target) {
    int node = path[leafDepth];
    freeLeavesAtDepth[leafDepth]--;
    for (int depth = leafDepth; depth < target; depth++) {
      int pair = takePair();
      child[node] = pair;
      child[pair] = FREE;
      child[pair + 1] = FREE;
      freeLeavesAtDepth[depth + 1]++;
      node = pair + bitAt(depth);
      path[depth + 1] = node;
    }
    child[node] = ALLOCATED;
    allocatedLeavesAtDepth[target]++;
    allocatedBlocks++;
    for (int depth = target - 1; depth >= 0; depth--) {
      // Nodes at or below the old leaf are new and must be computed; above it, stop once a
      // node's set is unchanged, since nothing higher can change either.
      if (!recomputeFreeDepths(path[depth], depth) && depth < leafDepth) {
        break;
      }
    }
  }

  /** Recomputes a split node's free-depth set from its children; answers whether it changed. */
  private boolean recomputeFreeDepths(int node, int depth) {
    int left = child[node];
    long low = 0;
    long high = 0;
    for (int c = left; c <= left + 1; c++) {
      int cc = child[c];
      if (cc == FREE) {
        if (depth < 64) {
          low |= 1L << depth;
        } else {
          high |= 1L << (depth - 64);
        }
      } else if (cc != ALLOCATED) {
        low |= freeDepths[2 * c];
        high |= freeDepths[2 * c + 1];
      }
    }
    boolean changed = freeDepths[2 * node] != low || freeDepths[2 * node + 1] != high;
    freeDepths[2 * node] = low;
    freeDepths[2 * node + 1] = high;
    return changed;
  }

  /**
   * Walks from the root towards {@code block}, filling {@link #path}. Returns the node at the
   * block's depth, or -1 if a leaf ends the walk above it.
   */
  private int walkTo(Cidr block, int target) {
    walkHigh = block.high();
    walkLow = block.low();
    path[0] = ROOT;
    int node = ROOT;
    for (int depth = 0; depth < target; depth++) {
      int c = child[node];
      if (c < 0) {
        return -1;
      }
      node = c + bitAt(depth);
      path[depth + 1] = node;
    }
    return node;
  }

  private String describeInstead(Cidr block, int target) {
    walkHigh = block.high();
    walkLow = block.low();
    int node = ROOT;
    for (int depth = 0; depth < target; depth++) {
      int c = child[node];
      if (c == ALLOCATED) {
        return " (it lies inside the allocated block " + blockAt(depth) + ")";
      }
      if (c == FREE) {
        return " (it is free)";
      }
      node = c + bitAt(depth);
    }
    int c = child[node];
    if (c == FREE) {
      return " (it is free)";
    }
    return " (it contains the allocated block " + firstAllocatedBelow(node, target) + ")";
  }

  /** The lowest allocated block beneath a split node at {@code depth}; {@link #walkHigh} etc. */
  private Cidr firstAllocatedBelow(int node, int depth) {
    while (child[node] != ALLOCATED) {
      int left = child[node];
      if (child[left] == FREE) {
        node = left + 1;
        setWalkBit(depth);
      } else {
        node = left;
      }
      depth++;
    }
    return blockAt(depth);
  }

  private void collectLeaves(int kind, List<Cidr> out) {
    int[] nodes = new int[maxDepth + 1];
    long[] highs = new long[maxDepth + 1];
    long[] lows = new long[maxDepth + 1];
    int[] depths = new int[maxDepth + 1];
    int top = 0;
    nodes[0] = ROOT;
    highs[0] = pool.high();
    lows[0] = pool.low();
    depths[0] = 0;
    top = 1;
    // Depth-first, right child pushed first so that blocks come out in address order. The stack
    // never holds more than one pending right sibling per depth.
    while (top > 0) {
      top--;
      int node = nodes[top];
      long high = highs[top];
      long low = lows[top];
      int depth = depths[top];
      int c = child[node];
      if (c < 0) {
        if (c == kind) {
          walkHigh = high;
          walkLow = low;
          out.add(blockAt(depth));
        }
        continue;
      }
      walkHigh = high;
      walkLow = low;
      setWalkBit(depth);
      nodes[top] = c + 1;
      highs[top] = walkHigh;
      lows[top] = walkLow;
      depths[top] = depth + 1;
      top++;
      nodes[top] = c;
      highs[top] = high;
      lows[top] = low;
      depths[top] = depth + 1;
      top++;
    }
  }

  // ---- addresses -----------------------------------------------------------------------------

  /** The address bit that chooses between the halves of a node at {@code depth}: 0 or 1. */
  private int bitAt(int depth) {
    int k = bitOffset + pool.prefixLength() + depth;
    return (int) (k < 64 ? (walkHigh >>> (63 - k)) & 1 : (walkLow >>> (127 - k)) & 1);
  }

  private void setWalkBit(int depth) {
    int k = bitOffset + pool.prefixLength() + depth;
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
    return new Cidr(pool.family(), walkHigh & highMask, walkLow & lowMask, length);
  }

  // ---- validation ----------------------------------------------------------------------------

  private int depthOf(int prefixLength) {
    if (!pool.family().isValidPrefixLength(prefixLength)) {
      throw new InvalidException(
          "prefixLength",
          prefixLength + " is not a valid " + pool.family() + " prefix length (0-"
              + pool.family().bits() + ")");
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
          "cidr", block + " is " + block.family() + " but the pool " + pool + " is "
              + pool.family());
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

  // ---- node arena ----------------------------------------------------------------------------

  private int takePair() {
    if (recycledPairs != NONE) {
      int pair = recycledPairs;
      recycledPairs = child[pair];
      return pair;
    }
    if (nodeTop + 2 > child.length) {
      int grown = Math.max(child.length + (child.length >> 1), nodeTop + 2);
      child = Arrays.copyOf(child, grown);
      freeDepths = Arrays.copyOf(freeDepths, 2 * grown);
    }
    int pair = nodeTop;
    nodeTop += 2;
    return pair;
  }

  private void recyclePair(int pair) {
    child[pair] = recycledPairs;
    recycledPairs = pair;
  }
}
