package org.ipam4j.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.ipam4j.ConflictException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.PoolBlocks;
import org.jspecify.annotations.Nullable;

/**
 * The engine's index over the store: one allocator tree per pool, valid for one pool {@code
 * resourceVersion}, each behind a lock that also makes this engine's writers of a pool queue. The
 * store stays the truth; a tree that fell behind is brought forward from it.
 */
final class PoolIndexes {

  /** One pool's allocator tree. Read and changed only by the holder of {@link #lock}. */
  static final class PoolIndex {
    final ReentrantLock lock = new ReentrantLock();
    @Nullable PrefixAllocator allocator;
    long version = -1;
  }

  private final IpamStore store;
  private final ConcurrentHashMap<String, PoolIndex> indexes = new ConcurrentHashMap<>();

  PoolIndexes(IpamStore store) {
    this.store = store;
  }

  PoolIndex of(String poolKey) {
    return indexes.computeIfAbsent(poolKey, k -> new PoolIndex());
  }

  void forget(String poolKey) {
    indexes.remove(poolKey);
  }

  /** Drops every tree, so that each pool's next use reads all its blocks from the store. */
  void readAfreshAll() {
    for (String key : indexes.keySet()) {
      readAfresh(key);
    }
  }

  /** Drops a pool's tree, so that its next use reads all its blocks from the store. */
  void readAfresh(String poolKey) {
    PoolIndex index = indexes.get(poolKey);
    if (index != null) {
      index.lock.lock();
      try {
        index.allocator = null;
        index.version = -1;
      } finally {
        index.lock.unlock();
      }
    }
  }

  /** Under the index's lock, the pool's version moved on without its blocks changing. */
  void advanced(String poolKey, long from, long to) {
    PoolIndex index = indexes.get(poolKey);
    if (index != null && index.lock.isHeldByCurrentThread() && index.version == from) {
      index.version = to;
    }
  }

  /**
   * Reads a pool's tree as of its stored version, under its index lock; again if another writer
   * moved it on meanwhile.
   *
   * @throws org.ipam4j.NotFoundException if there is no such pool
   */
  <T> T read(String project, String name, java.util.function.Function<PrefixAllocator, T> read) {
    return Retry.run(
        "IPPool " + project + "/" + name,
        this,
        () -> {
          IPPool pool =
              store
                  .get(IPPool.class, project, name)
                  .orElseThrow(
                      () ->
                          new org.ipam4j.NotFoundException(
                              "no IPPool \"" + name + "\" in project " + project));
          PoolIndex index = of(pool.metadata().key());
          index.lock.lock();
          try {
            return read.apply(fresh(index, pool));
          } finally {
            index.lock.unlock();
          }
        });
  }

  /**
   * Under the index lock: the allocator tree as of the pool's stored version. A tree that is behind
   * is brought forward with only the blocks written since its version; only when that does not add
   * up is it rebuilt from all of them. The check: the tree's address count must equal the pool's
   * exact {@code status.capacity.allocated}, written in the same commit as every allocation; a
   * block deleted meanwhile would leave the tree over by its size.
   */
  PrefixAllocator fresh(PoolIndex index, IPPool pool) {
    long version = pool.metadata().resourceVersion();
    if (index.allocator != null && index.version == version) {
      return index.allocator;
    }
    String project = pool.metadata().project();
    String name = pool.metadata().name();
    Cidr cidr = Statuses.cidrOf(pool);
    if (index.allocator != null && index.version > 0 && index.allocator.pool().equals(cidr)) {
      PoolBlocks blocks = poolBlocks(project, name, index.version, version);
      PrefixAllocator tree = index.allocator;
      try {
        for (Cidr block : blocks.writtenSince()) {
          if (!tree.isAllocated(block)) {
            tree.allocateSpecific(block);
          }
        }
        if (tree.allocatedAddresses()
            .equals(blocks.pool().status().capacity().map(Capacity::allocated).orElse(null))) {
          index.version = version;
          return tree;
        }
      } catch (ConflictException e) {
        // A block was freed and its space taken again differently: rebuild below.
      }
      index.allocator = null;
    }
    PoolBlocks all = poolBlocks(project, name, 0, version);
    index.allocator = rebuild(pool, cidr, all);
    index.version = version;
    return index.allocator;
  }

  private static PrefixAllocator rebuild(IPPool pool, Cidr cidr, PoolBlocks all) {
    try {
      return PrefixAllocator.rebuild(cidr, all.writtenSince());
    } catch (org.ipam4j.IpamException e) {
      throw new org.ipam4j.StorageException(
          "the allocations of IPPool "
              + pool.metadata().key()
              + " do not fit it: "
              + e.getMessage(),
          e);
    }
  }

  private PoolBlocks poolBlocks(String project, String name, long since, long expectedVersion) {
    PoolBlocks blocks =
        store
            .poolBlocks(project, name, since)
            .orElseThrow(
                () ->
                    new StaleWriteException(
                        "IPPool " + project + "/" + name + " was deleted meanwhile"));
    if (blocks.pool().metadata().resourceVersion() != expectedVersion) {
      throw new StaleWriteException("IPPool " + project + "/" + name + " changed meanwhile");
    }
    return blocks;
  }
}
