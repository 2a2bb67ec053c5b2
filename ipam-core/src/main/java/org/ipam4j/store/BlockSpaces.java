package org.ipam4j.store;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.StaleWriteException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.net.Cidr;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store's blocks that must never overlap, and the checks its commit makes of them,
 * whatever wrote the commit: the root pools of each project (by name), and the allocations of each
 * pool (as kept, {@link StoredAllocation#of}). Used under the store's commit lock only.
 */
final class BlockSpaces {

  /** What the store holds now under a key, or null. */
  @FunctionalInterface
  interface Current {
    @Nullable IpamObject find(Kind kind, String project, String name);
  }

  private final Current current;

  /** Project to its root pools by block. */
  private final Map<String, BlockSpace<String>> rootSpaces = new HashMap<>();

  /**
   * The allocations of each pool ({@code project/name}) by block: the overlap check's index and the
   * list of a pool's allocations at once.
   */
  private final Map<PoolName, BlockSpace<Object>> poolSpaces = new HashMap<>();

  /**
   * A pool's key in {@link #poolSpaces}: its project and name as they are, so that finding a pool's
   * blocks makes no {@code project/name} string (its text is that, for messages).
   */
  private record PoolName(String project, String name) {
    @Override
    public String toString() {
      return project + "/" + name;
    }
  }

  BlockSpaces(Current current) {
    this.current = current;
  }

  /** The root pool of {@code project} whose block overlaps {@code block}, by name. */
  Optional<String> rootPoolOverlapping(String project, Cidr block) {
    BlockSpace<String> roots = rootSpaces.get(project);
    return roots == null ? Optional.empty() : roots.overlapping(block, Set.of());
  }

  /** The allocations of a pool, as kept, in address order. */
  Collection<Object> heldIn(String poolProject, String poolName) {
    BlockSpace<Object> held = poolSpaces.get(new PoolName(poolProject, poolName));
    return held == null ? List.of() : held.holders();
  }

  /**
   * Refuses a commit that would leave two root pools of a project, or two blocks of a pool,
   * overlapping.
   */
  void check(List<Write> writes) {
    checkRootPools(writes);
    checkPoolBlocks(writes);
  }

  /**
   * Moves pool {@code name}'s root block from {@code was} to {@code is} (either empty: not a root
   * pool then or now). A pool's block is immutable: most pool writes (a status after a claim) leave
   * it alone.
   */
  void moveRoot(String project, String name, Optional<Cidr> was, Optional<Cidr> is) {
    if (was.equals(is)) {
      return;
    }
    BlockSpace<String> space = rootSpaces.get(project);
    if (space != null) {
      was.ifPresent(b -> space.remove(b, name));
    }
    is.ifPresent(b -> rootSpaces.computeIfAbsent(project, x -> BlockSpace.ofNames()).add(b, name));
  }

  /** Holds allocation {@code a}'s block, kept as {@code kept}. */
  void addAllocation(IPAllocation a, Object kept) {
    poolSpaces
        .computeIfAbsent(poolKey(a), k -> ofAllocations())
        .add(a.status().allocatedCIDR(), kept);
  }

  /** Lets allocation {@code a}'s block go. */
  void removeAllocation(IPAllocation a) {
    PoolName pool = poolKey(a);
    BlockSpace<Object> space = poolSpaces.get(pool);
    if (space != null) {
      // Compared by project and name, not by key strings made for the purpose.
      ObjectMeta gone = a.metadata();
      space.removeIf(
          a.status().allocatedCIDR(),
          kept -> {
            ObjectMeta held = StoredAllocation.metadataOf(kept);
            return held.name().equals(gone.name()) && held.project().equals(gone.project());
          });
      if (space.isEmpty()) {
        poolSpaces.remove(pool);
      }
    }
  }

  /**
   * Refuses a commit that would leave two root pools of one project overlapping, whatever wrote it:
   * against the pools stored (but those this commit replaces or deletes) and against each other.
   */
  private void checkRootPools(List<Write> writes) {
    @Nullable Map<String, Set<String>> leaving = null;
    @Nullable Map<String, BlockSpace<String>> incoming = null;
    for (Write w : writes) {
      if (!(w instanceof Write.Put put) || w.kind() != Kind.IPPool) {
        continue;
      }
      Optional<Cidr> block = BlockSpace.rootBlock(put.object());
      if (block.isEmpty()
          || (w.expectedVersion() != 0
              && block.equals(
                  BlockSpace.rootBlock(current.find(w.kind(), w.project(), w.name()))))) {
        continue; // not a root pool, or one whose block stays where it was
      }
      if (leaving == null || incoming == null) {
        leaving = leavingPools(writes);
        incoming = new HashMap<>();
      }
      BlockSpace<String> stored = rootSpaces.get(w.project());
      BlockSpace<String> added = incoming.computeIfAbsent(w.project(), p -> BlockSpace.ofNames());
      Optional<String> other =
          (stored == null
                  ? Optional.<String>empty()
                  : stored.overlapping(block.get(), leaving.getOrDefault(w.project(), Set.of())))
              .or(() -> added.overlapping(block.get(), Set.of()));
      if (other.isPresent()) {
        throw StaleWriteException.rootPoolsOverlap(w.project(), w.name(), block.get(), other.get());
      }
      added.add(block.get(), w.name());
    }
  }

  /**
   * Refuses a commit that would leave two allocations of one pool overlapping, whatever wrote it:
   * against the blocks stored (but those this commit deletes or moves) and against each other.
   */
  private void checkPoolBlocks(List<Write> writes) {
    @Nullable IPAllocation lone = loneNewAllocation(writes);
    if (lone != null) {
      // Most commits (a claim bound) add one allocation and move or delete none: it meets only
      // the blocks stored, with nothing leaving.
      PoolName pool = poolKey(lone);
      BlockSpace<Object> stored = poolSpaces.get(pool);
      if (stored != null) {
        Optional<String> other = stored.overlapping(lone.status().allocatedCIDR(), Set.of());
        if (other.isPresent()) {
          throw overlap(pool, lone, other.get());
        }
      }
      return;
    }
    @Nullable Map<PoolName, Set<String>> leaving = null;
    @Nullable Map<PoolName, BlockSpace<Object>> incoming = null;
    for (Write w : writes) {
      if (!(w instanceof Write.Put put) || !(put.object() instanceof IPAllocation a)) {
        continue;
      }
      PoolName pool = poolKey(a);
      IpamObject was =
          w.expectedVersion() == 0 ? null : current.find(w.kind(), w.project(), w.name());
      if (was instanceof IPAllocation old
          && poolKey(old).equals(pool)
          && old.status().allocatedCIDR().equals(a.status().allocatedCIDR())) {
        continue; // a block that stays where it was
      }
      if (leaving == null || incoming == null) {
        leaving = leavingBlocks(writes);
        incoming = new HashMap<>();
      }
      Cidr block = a.status().allocatedCIDR();
      BlockSpace<Object> stored = poolSpaces.get(pool);
      BlockSpace<Object> added = incoming.computeIfAbsent(pool, k -> ofAllocations());
      Optional<String> other =
          (stored == null
                  ? Optional.<String>empty()
                  : stored.overlapping(block, leaving.getOrDefault(pool, Set.of())))
              .or(() -> added.overlapping(block, Set.of()));
      if (other.isPresent()) {
        throw overlap(pool, a, other.get());
      }
      added.add(block, a);
    }
  }

  /** The one allocation a commit writes, if it writes just one and creates it; else null. */
  private static @Nullable IPAllocation loneNewAllocation(List<Write> writes) {
    @Nullable IPAllocation lone = null;
    for (Write w : writes) {
      if (w.kind() != Kind.IPAllocation) {
        continue;
      }
      if (lone != null
          || w.expectedVersion() != 0
          || !(w instanceof Write.Put put)
          || !(put.object() instanceof IPAllocation a)) {
        return null;
      }
      lone = a;
    }
    return lone;
  }

  private static StaleWriteException overlap(PoolName pool, IPAllocation a, String other) {
    return StaleWriteException.blocksOverlap(
        Set.of(pool.toString()),
        "IPAllocation "
            + a.metadata().key()
            + " ("
            + a.status().allocatedCIDR()
            + ") overlaps IPAllocation "
            + other
            + " of IPPool "
            + pool
            + "; the blocks of a pool never overlap");
  }

  /** The stored allocations, by pool, that a commit deletes or moves. */
  private Map<PoolName, Set<String>> leavingBlocks(List<Write> writes) {
    Map<PoolName, Set<String>> leaving = new HashMap<>();
    for (Write w : writes) {
      if (w.kind() == Kind.IPAllocation
          && w.expectedVersion() != 0
          && current.find(w.kind(), w.project(), w.name()) instanceof IPAllocation old) {
        leaving
            .computeIfAbsent(poolKey(old), p -> new java.util.HashSet<>())
            .add(old.metadata().key());
      }
    }
    return leaving;
  }

  /** Allocations of one pool, as kept ({@link StoredAllocation#of}), named by their key. */
  private static BlockSpace<Object> ofAllocations() {
    return new BlockSpace<>(kept -> StoredAllocation.metadataOf(kept).key());
  }

  private static PoolName poolKey(IPAllocation a) {
    return new PoolName(
        a.spec().poolRef().projectOr(a.metadata().project()), a.spec().poolRef().name());
  }

  /** The stored root pools a commit deletes, or whose block it moves or takes away. */
  private Map<String, Set<String>> leavingPools(List<Write> writes) {
    Map<String, Set<String>> leaving = new HashMap<>();
    for (Write w : writes) {
      if (w.kind() != Kind.IPPool || w.expectedVersion() == 0) {
        continue;
      }
      Optional<Cidr> was = BlockSpace.rootBlock(current.find(w.kind(), w.project(), w.name()));
      if (w instanceof Write.Delete
          || !was.equals(BlockSpace.rootBlock(((Write.Put) w).object()))) {
        leaving.computeIfAbsent(w.project(), p -> new java.util.HashSet<>()).add(w.name());
      }
    }
    return leaving;
  }
}
