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
 * pools of one project (held by pool name), the allocations of one pool (held as the allocations,
 * named by {@code project/name}). Blocks are aligned, so two overlap only if one contains the
 * other, and of disjoint blocks the one that starts last at or before a new block's end is the only
 * one that can overlap it: a check is one floor lookup, O(log n) in the blocks held.
 */
final class BlockSpace<V> {

  private final NavigableMap<Cidr, V> byBlock = new TreeMap<>();
  private final java.util.function.Function<V, String> nameOf;

  /**
   * @param nameOf a holder's name, for messages and {@code ignoring}
   */
  BlockSpace(java.util.function.Function<V, String> nameOf) {
    this.nameOf = nameOf;
  }

  /** Root pools of one project, by name. */
  static BlockSpace<String> ofNames() {
    return new BlockSpace<>(name -> name);
  }

  /** {@link IPPool#rootBlock()} of a pool; empty for other kinds. */
  static Optional<Cidr> rootBlock(@Nullable IpamObject object) {
    return object instanceof IPPool pool ? pool.rootBlock() : Optional.empty();
  }

  /** The holder, other than those in {@code ignoring}, whose block overlaps, if any. */
  Optional<String> overlapping(Cidr block, Set<String> ignoring) {
    Cidr end = block.last();
    for (Map.Entry<Cidr, V> e = byBlock.floorEntry(end);
        e != null;
        e = byBlock.lowerEntry(e.getKey())) {
      String name = nameOf.apply(e.getValue());
      if (!ignoring.contains(name)) {
        return e.getKey().overlaps(block) ? Optional.of(name) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  void add(Cidr block, V holder) {
    byBlock.put(block, holder);
  }

  /** Removes the block if {@code name} holds it. */
  void remove(Cidr block, String name) {
    removeIf(block, holder -> nameOf.apply(holder).equals(name));
  }

  /** Removes the block if its holder is the one {@code isHolder} accepts. */
  void removeIf(Cidr block, java.util.function.Predicate<V> isHolder) {
    V holder = byBlock.get(block);
    if (holder != null && isHolder.test(holder)) {
      byBlock.remove(block);
    }
  }

  /** The holders, in address order. */
  java.util.Collection<V> holders() {
    return byBlock.values();
  }

  boolean isEmpty() {
    return byBlock.isEmpty();
  }
}
