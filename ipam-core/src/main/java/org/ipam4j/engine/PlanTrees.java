package org.ipam4j.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipam4j.ExhaustedException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.ObjectKey;
import org.jspecify.annotations.Nullable;

/**
 * The engine-side half of a {@link Plan}: the allocator trees it changes, the index locks it holds
 * while it does, and how to undo each change to a tree if the plan is discarded. Trees of stored
 * pools are the index's own, taken under the index lock from the first use until {@link
 * #unlockAll}; trees of pools the plan creates are its own, and nothing needs undoing in them.
 */
final class PlanTrees {

  /** The index whose tree a plan used, under its pool key, with the pool's object key. */
  private record UsedIndex(String poolKey, ObjectKey pool, PoolIndexes.PoolIndex index) {}

  private final PoolIndexes indexes;
  private Map<String, PrefixAllocator> ownTrees = Map.of();

  /**
   * The index whose tree the plan used, while it used one: most plans change one pool, and keep no
   * map for it.
   */
  private @Nullable UsedIndex onlyUsed;

  /** Pool key to the index whose tree the plan used, once it used a second (then every one). */
  private @Nullable SmallMap<String, UsedIndex> usedIndexes;

  private final List<PoolIndexes.PoolIndex> locked = new ArrayList<>(2);
  private final List<Runnable> undo = new ArrayList<>(2);

  PlanTrees(PoolIndexes indexes) {
    this.indexes = indexes;
  }

  /** A tree of the plan's own, for a pool it creates. */
  PrefixAllocator own(IPPool pool, String poolKey) {
    if (ownTrees.isEmpty()) {
      ownTrees = new HashMap<>();
    }
    return ownTrees.computeIfAbsent(poolKey, k -> new PrefixAllocator(Statuses.cidrOf(pool)));
  }

  /**
   * The index's tree of a stored pool as of its version, its lock taken for the rest of the plan.
   */
  PrefixAllocator indexed(ObjectKey key, IPPool pool, String poolKey) {
    PoolIndexes.PoolIndex index = lock(poolKey, locked.isEmpty());
    UsedIndex now = new UsedIndex(poolKey, key, index);
    SmallMap<String, UsedIndex> used = usedIndexes;
    UsedIndex only = onlyUsed;
    if (used != null) {
      used.put(poolKey, now);
    } else if (only == null || only.poolKey().equals(poolKey)) {
      onlyUsed = now;
    } else {
      used = new SmallMap<>(4);
      used.put(only.poolKey(), only);
      used.put(poolKey, now);
      usedIndexes = used;
      onlyUsed = null;
    }
    return indexes.fresh(index, pool);
  }

  /** Whether the plan holds no index lock yet (so that the next may be waited for). */
  boolean holdsNone() {
    return locked.isEmpty();
  }

  /**
   * Takes a pool's index lock for the rest of the plan: blocking (for locks taken in key order
   * before any other), or only if free, since waiting while holding others could deadlock.
   */
  PoolIndexes.PoolIndex lock(String poolKey, boolean wait) {
    PoolIndexes.PoolIndex index = indexes.of(poolKey);
    if (!index.lock.isHeldByCurrentThread()) {
      if (wait) {
        index.lock.lock();
      } else if (!index.lock.tryLock()) {
        throw new StaleWriteException("IPPool " + poolKey + " is busy with another change");
      }
      locked.add(index);
    }
    return index;
  }

  /** The pool whose index tree the plan used under {@code poolKey}, if it did. */
  @Nullable ObjectKey usedPool(String poolKey) {
    UsedIndex u = used(poolKey);
    return u == null ? null : u.pool();
  }

  private @Nullable UsedIndex used(String poolKey) {
    SmallMap<String, UsedIndex> used = usedIndexes;
    if (used != null) {
      return used.get(poolKey);
    }
    UsedIndex only = onlyUsed;
    return only != null && only.poolKey().equals(poolKey) ? only : null;
  }

  /** Lets go of the index lock of a pool whose tree the plan used and left unchanged. */
  void letGo(String poolKey) {
    UsedIndex u = used(poolKey);
    if (u == null) {
      return;
    }
    SmallMap<String, UsedIndex> used = usedIndexes;
    if (used != null) {
      used.remove(poolKey);
    } else {
      onlyUsed = null;
    }
    if (locked.remove(u.index())) {
      u.index().lock.unlock();
    }
  }

  /** Takes a block in a tree; undone if the plan is discarded. */
  Optional<Cidr> allocate(PrefixAllocator tree, int length, Strategy strategy) {
    Cidr block;
    try {
      block = tree.allocate(length, strategy);
    } catch (ExhaustedException e) {
      return Optional.empty();
    }
    undo.add(() -> tree.release(block));
    return Optional.of(block);
  }

  /** Takes exactly {@code block} in a tree (or throws, the tree unchanged); undone if discarded. */
  void allocateSpecific(PrefixAllocator tree, Cidr block) {
    tree.allocateSpecific(block);
    undo.add(() -> tree.release(block));
  }

  /** Frees a block in a tree; undone if the plan is discarded. */
  void release(PrefixAllocator tree, Cidr block) {
    tree.release(block);
    undo.add(() -> tree.allocateSpecific(block));
  }

  /** The changes are committed: nothing is to be undone any more. */
  void kept() {
    undo.clear();
  }

  /** Puts every tree back as it was before the plan, latest change first. */
  void undo() {
    for (int i = undo.size() - 1; i >= 0; i--) {
      undo.get(i).run();
    }
    undo.clear();
  }

  /**
   * After the commit: every tree change wrote its pool, so each index used is as of the pool's new
   * version.
   */
  void committed(SmallMap<ObjectKey, IpamObject> stored) {
    UsedIndex only = onlyUsed;
    if (only != null) {
      committed(only, stored);
    }
    SmallMap<String, UsedIndex> used = usedIndexes;
    for (int i = 0; used != null && i < used.slots(); i++) {
      if (used.keyAt(i) != null) {
        committed(used.valueAt(i), stored);
      }
    }
  }

  private static void committed(UsedIndex u, SmallMap<ObjectKey, IpamObject> stored) {
    IpamObject pool = stored.get(u.pool());
    if (pool != null) {
      u.index().version = pool.metadata().resourceVersion();
    }
  }

  /** Lets go of every index lock the plan holds. */
  void unlockAll() {
    for (PoolIndexes.PoolIndex index : locked) {
      index.lock.unlock();
    }
    locked.clear();
  }
}
