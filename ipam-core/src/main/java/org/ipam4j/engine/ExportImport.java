package org.ipam4j.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.ConflictException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.StoreContents;
import org.ipam4j.store.Write;

/**
 * Exports a store's objects in the order an import writes them, and recreates exported objects as
 * they were (blocks, bindings, retained allocations, reservations, identities) in one commit, all
 * or nothing. Nothing is re-allocated: the set must be consistent with itself and with what the
 * target holds, which is checked by the store check's own rules over the target and the set
 * together; the store's commit then refuses any overlap by itself, whoever else writes meanwhile.
 */
final class ExportImport {

  private final IpamStore store;
  private final PoolIndexes indexes;
  private final Statuses statuses;

  ExportImport(IpamStore store, PoolIndexes indexes, Statuses statuses) {
    this.store = store;
    this.indexes = indexes;
    this.statuses = statuses;
  }

  /** Every object of one project, or of all: pools (parents first), allocations, claims. */
  List<IpamObject> exportAll(Optional<String> project) {
    List<IpamObject> out = new ArrayList<>();
    List<IPPool> poolList = new ArrayList<>(store.list(IPPool.class, project));
    // Parents before children: by depth in the project's pool tree, then by key.
    Map<String, IPPool> byKey = new java.util.HashMap<>();
    poolList.forEach(p -> byKey.put(p.metadata().key(), p));
    poolList.sort(
        Comparator.comparingInt((IPPool p) -> depth(p, byKey))
            .thenComparing(p -> p.metadata().key()));
    out.addAll(poolList);
    out.addAll(store.list(IPAllocation.class, project));
    out.addAll(store.list(IPClaim.class, project));
    return out;
  }

  private static int depth(IPPool pool, Map<String, IPPool> byKey) {
    int depth = 0;
    IPPool p = pool;
    while (p.spec().parentPoolRef().isPresent() && depth < 256) {
      IPPool parent =
          byKey.get(p.metadata().project() + "/" + p.spec().parentPoolRef().get().name());
      if (parent == null) {
        break;
      }
      p = parent;
      depth++;
    }
    return depth;
  }

  /**
   * Recreates {@code objects} in one commit, again if another writer got in the way; for a dry run,
   * the objects as they would be stored.
   */
  List<IpamObject> importAll(List<? extends IpamObject> objects, boolean dryRun) {
    return Retry.run(
        "import of " + objects.size() + " objects",
        indexes,
        () -> {
          List<Write> writes = plan(objects);
          if (dryRun) {
            List<IpamObject> out = new ArrayList<>();
            writes.forEach(w -> out.add(((Write.Put) w).object()));
            return out;
          }
          return store.commit(writes);
        });
  }

  /** The writes that recreate {@code objects}, checked; throws naming every problem found. */
  List<Write> plan(List<? extends IpamObject> objects) {
    List<InvalidException.Violation> wrong = new ArrayList<>();
    Map<ObjectKey, IpamObject> byKey = new LinkedHashMap<>();
    for (int i = 0; i < objects.size(); i++) {
      IpamObject o = objects.get(i);
      String where = "objects[" + i + "] " + o.kind() + " " + o.metadata().key();
      try {
        if (o instanceof IPPool p) {
          Validation.pool(p);
          if (p.status().allocatedCIDR().isEmpty()) {
            throw new InvalidException(
                "status.allocatedCIDR", "an imported pool keeps its block; this one has none");
          }
        } else if (o instanceof IPClaim c) {
          Validation.claim(c);
        }
      } catch (InvalidException e) {
        e.violations().forEach(v -> wrong.add(v.at(where)));
      }
      ObjectKey key = ObjectKey.of(o.getClass(), o.metadata().project(), o.metadata().name());
      if (byKey.putIfAbsent(key, o) != null) {
        wrong.add(
            new InvalidException.Violation(where, "metadata.name", "appears twice in the set"));
      }
    }
    if (!wrong.isEmpty()) {
      throw new InvalidException(wrong);
    }
    List<ObjectKey> keys = new ArrayList<>(byKey.keySet());
    List<Optional<IpamObject>> present = store.getAll(keys);
    List<String> clashes = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (present.get(i).isPresent()) {
        clashes.add(keys.get(i).kind() + " " + keys.get(i).project() + "/" + keys.get(i).name());
      }
    }
    if (!clashes.isEmpty()) {
      throw new ConflictException(
          "the target already holds "
              + String.join(", ", clashes)
              + "; import into a store without them, or delete them first");
    }
    List<IPPool> touched = touchedPools(byKey);
    StoreContents before = store.contents();
    Map<ObjectKey, IpamObject> after = new LinkedHashMap<>();
    for (IpamObject o : before.objects()) {
      after.put(ObjectKey.of(o.getClass(), o.metadata().project(), o.metadata().name()), o);
    }
    after.putAll(byKey);
    for (IPPool p : touched) {
      after.put(ObjectKey.of(IPPool.class, p.metadata().project(), p.metadata().name()), p);
    }
    Set<String> known = new HashSet<>();
    Consistency.of(before).findings().forEach(f -> known.add(f.message()));
    List<String> found = new ArrayList<>();
    for (StoreCheck.Finding f :
        Consistency.of(new StoreContents(List.copyOf(after.values()), before.badRows()))
            .findings()) {
      if (!known.contains(f.message())) {
        found.add(f.message());
      }
    }
    if (!found.isEmpty()) {
      throw new ConflictException(
          "the set does not fit together, or not with what the target holds: "
              + String.join("; ", found));
    }
    List<Write> writes = new ArrayList<>();
    byKey.values().stream()
        .sorted(Comparator.comparingInt(ExportImport::order))
        .forEach(
            o -> writes.add(new Write.Put(o.withMetadata(o.metadata().withResourceVersion(0)), 0)));
    for (IPPool p : touched) {
      writes.add(new Write.Put(p, p.metadata().resourceVersion()));
    }
    return writes;
  }

  /**
   * Pools of the target that the set's allocations draw from (a claim on a shared pool of a project
   * not exported): their status is written again, counting the imported blocks.
   */
  private List<IPPool> touchedPools(Map<ObjectKey, IpamObject> byKey) {
    Map<ObjectKey, List<Cidr>> added = new LinkedHashMap<>();
    for (IpamObject o : byKey.values()) {
      if (o instanceof IPAllocation a) {
        ObjectKey pool =
            ObjectKey.of(
                IPPool.class,
                a.spec().poolRef().projectOr(a.metadata().project()),
                a.spec().poolRef().name());
        if (!byKey.containsKey(pool)) {
          added.computeIfAbsent(pool, k -> new ArrayList<>()).add(a.status().allocatedCIDR());
        }
      }
    }
    List<IPPool> out = new ArrayList<>();
    Instant now = statuses.now();
    for (Map.Entry<ObjectKey, List<Cidr>> e : added.entrySet()) {
      ObjectKey k = e.getKey();
      Optional<IPPool> stored = store.get(IPPool.class, k.project(), k.name());
      if (stored.isEmpty()) {
        continue; // the check reports the allocations as orphaned
      }
      IPPool pool = stored.get();
      Cidr block = Statuses.cidrOf(pool);
      List<Cidr> blocks = new ArrayList<>();
      store
          .allocationsOfPool(k.project(), k.name())
          .forEach(a -> blocks.add(a.status().allocatedCIDR()));
      blocks.addAll(e.getValue());
      PrefixAllocator tree;
      try {
        tree = PrefixAllocator.rebuild(block, blocks);
      } catch (IpamException overlapOrOutside) {
        continue; // the check names the blocks
      }
      out.add(pool.withStatus(Statuses.pool(pool, block, tree, now)));
    }
    return out;
  }

  /** Pools before allocations before claims, parents before children, so every store takes them. */
  private static int order(IpamObject o) {
    if (o instanceof IPPool p) {
      return p.spec().isChild() ? 1 : 0;
    }
    return o instanceof IPAllocation ? 2 : 3;
  }
}
