package org.ipam4j.store;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * Blocks that must never overlap, by block, for the rules every store keeps in its commit: the root
 * pools of one project (named by pool name), the allocations of one pool (named by {@code
 * project/name}). Blocks are aligned, so two overlap only if one contains the other, and of
 * disjoint blocks the one that starts last at or before a new block's end is the only one that can
 * overlap it: a check is one floor lookup, O(log n) in the blocks held.
 */
final class BlockSpace {

  private final NavigableMap<Cidr, String> byBlock = new TreeMap<>();

  /** {@link IPPool#rootBlock()} of a pool; empty for other kinds. */
  static Optional<Cidr> rootBlock(@Nullable IpamObject object) {
    return object instanceof IPPool pool ? pool.rootBlock() : Optional.empty();
  }

  /** The holder, other than those in {@code ignoring}, whose block overlaps, if any. */
  Optional<String> overlapping(Cidr block, Set<String> ignoring) {
    Cidr end = block.last();
    for (Map.Entry<Cidr, String> e = byBlock.floorEntry(end);
        e != null;
        e = byBlock.lowerEntry(e.getKey())) {
      if (!ignoring.contains(e.getValue())) {
        return e.getKey().overlaps(block) ? Optional.of(e.getValue()) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  void add(Cidr block, String name) {
    byBlock.put(block, name);
  }

  void remove(Cidr block, String name) {
    byBlock.remove(block, name);
  }

  boolean isEmpty() {
    return byBlock.isEmpty();
  }
}
