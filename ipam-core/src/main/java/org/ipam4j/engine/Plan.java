package org.ipam4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.internal.Parts;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.Write;
import org.ipam4j.store.Write.Delete;
import org.ipam4j.store.Write.Put;
import org.jspecify.annotations.Nullable;

/**
 * One mutation, decided before anything is written: the objects it changes (each staged over the
 * version it was read at), the blocks it takes and frees in the engine's trees, and how to undo
 * those. It is then {@link #settle settled}: committed to the store as one change set, or, for a
 * dry run, discarded; a real run and a dry run differ in nothing else.
 *
 * <p>Reads go through the plan: what it staged first, then what it read before, then the store, so
 * that later decisions see earlier ones (a claim on a pool created in the same set). The plan keeps
 * the staged objects and settles them; the pools as it leaves them are {@link PlanPools}, and the
 * allocator trees it changes, with their locks and undo, are {@link PlanTrees}.
 */
final class Plan implements AutoCloseable {

  private final IpamStore store;
  private final ClaimEvents events;

  /** What to tell the claim listeners once the plan lets go of its locks. */
  private List<Runnable> toTell = List.of();

  private final boolean dryRun;
  private final boolean single;
  // Most plans change one claim in one pool: the rarer collections are made on first use.
  private @Nullable SmallMap<ObjectKey, DirtyPool> dirtyPools;
  private final SmallMap<ObjectKey, Staged> objects = new SmallMap<>();
  private final PlanTrees trees;

  /** The pools as this plan leaves them, for {@link #pools}; made on first use. */
  private @Nullable PlanPools poolView;

  /** What the commit stored, by key (null before it, and for a dry run). */
  private @Nullable SmallMap<ObjectKey, IpamObject> stored;

  private boolean settled;

  /** The pools where room may have been made ({@link #mayHaveRoom}). */
  private Set<ObjectKey> roomIn = Set.of();

  /** A pool whose tree this plan changed: its status is computed once, when the plan settles. */
  private record DirtyPool(IPPool pool, PrefixAllocator tree, java.time.Instant now) {}

  /**
   * @param single one object's change: it takes one pool at a time, under the store's pool lock
   *     too, and settles while holding it; otherwise (a set) the caller settles at the end
   */
  Plan(IpamStore store, PoolIndexes indexes, ClaimEvents events, boolean dryRun, boolean single) {
    this.store = store;
    this.trees = new PlanTrees(indexes);
    this.events = events;
    this.dryRun = dryRun;
    this.single = single;
  }

  boolean single() {
    return single;
  }

  /**
   * Runs {@code work} where changes to a pool's blocks are made: for a single change, holding the
   * pool's index lock and (unless a dry run) the store's pool lock, so that engines queue rather
   * than race; for a set, as it is (its locks were taken in key order up front).
   */
  <T> T atPool(
      String poolProject, String poolName, String poolKey, java.util.function.Supplier<T> work) {
    if (!single) {
      return work.get();
    }
    trees.lock(poolKey, trees.holdsNone());
    return dryRun ? work.get() : store.withPoolLock(poolProject, poolName, work);
  }

  /** A pool as it stands where its blocks are changed: read again for a single change. */
  Optional<IPPool> poolAtLock(String project, String name) {
    return single ? reread(IPPool.class, project, name) : get(IPPool.class, project, name);
  }

  /** The store this plan reads and commits to, for reads that must bypass what it staged. */
  IpamStore store() {
    return store;
  }

  /** Records that a pool's tree changed; its status is written from the tree when settling. */
  void poolChanged(IPPool pool, PrefixAllocator tree, java.time.Instant now) {
    ObjectKey key = keyOf(pool);
    Staged staged = objects.get(key);
    IPPool current =
        staged != null && staged.object().isPresent() ? (IPPool) staged.object().get() : pool;
    SmallMap<ObjectKey, DirtyPool> dirty = dirtyPools;
    if (dirty == null) {
      dirty = new SmallMap<>(1);
      dirtyPools = dirty;
    }
    dirty.put(key, new DirtyPool(current, tree, now));
    if (staged == null || !staged.written() || staged.object().isEmpty()) {
      put(key, current); // already staged as written, it is settled with its new status anyway
    }
  }

  private void writeDirtyPools() {
    SmallMap<ObjectKey, DirtyPool> dirty = dirtyPools;
    if (dirty == null) {
      return;
    }
    for (int i = 0; i < dirty.slots(); i++) {
      ObjectKey key = dirty.keyAt(i);
      if (key == null) {
        continue;
      }
      DirtyPool d = dirty.valueAt(i);
      Staged staged = objects.get(key);
      IpamObject now = staged == null ? null : staged.object().orElse(null);
      IPPool pool = now instanceof IPPool p ? p : d.pool();
      put(key, pool.withStatus(Statuses.pool(pool, Statuses.cidrOf(pool), d.tree(), d.now())));
    }
    dirtyPools = null;
  }

  // ---- reads -----------------------------------------------------------------------------------

  <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name) {
    return get(type, ObjectKey.of(type, project, name));
  }

  /** As {@link #get(Class, String, String)}, for a key the caller made already. */
  <T extends IpamObject> Optional<T> get(Class<T> type, ObjectKey key) {
    Staged staged = objects.get(key);
    if (staged == null) {
      Optional<T> found = store.get(type, key.project(), key.name());
      staged = new Staged(versionOf(found), asObject(found), false);
      objects.append(key, staged);
    }
    return typed(type, staged.object());
  }

  /** Several objects read in one round trip, remembered as if read one by one. */
  void prefetch(List<ObjectKey> keys) {
    List<ObjectKey> missing = new ArrayList<>(keys.size());
    for (ObjectKey k : keys) {
      if (!objects.containsKey(k) && !missing.contains(k)) {
        missing.add(k);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    List<Optional<IpamObject>> found = store.getAll(missing);
    for (int i = 0; i < missing.size(); i++) {
      Optional<IpamObject> o = found.get(i);
      objects.append(missing.get(i), new Staged(versionOf(o), o, false));
    }
  }

  /** Takes, for these keys, the store to hold nothing, without asking it; the commit checks. */
  void assumeAbsent(List<ObjectKey> keys) {
    for (ObjectKey key : keys) {
      objects.putIfAbsent(key, new Staged(0, Optional.empty(), false));
    }
  }

  /** The object as stored now, read again past what the plan remembers (under a pool lock). */
  <T extends IpamObject> Optional<T> reread(Class<T> type, String project, String name) {
    ObjectKey key = ObjectKey.of(type, project, name);
    Staged staged = objects.get(key);
    if (staged != null && staged.written()) {
      return typed(type, staged.object());
    }
    objects.remove(key);
    return get(type, project, name);
  }

  /** The pools of a project whose labels match, by name: the store's, as this plan changed them. */
  List<IPPool> pools(String project, LabelSelector selector) {
    return poolView().matching(project, selector);
  }

  /**
   * A root pool of the project, as this plan leaves the store, whose block overlaps {@code block},
   * as {@link PlanPools#rootOverlapping}.
   */
  Optional<IPPool> rootPoolOverlapping(String project, Cidr block) {
    return poolView().rootOverlapping(project, block);
  }

  private PlanPools poolView() {
    PlanPools view = poolView;
    if (view == null) {
      view = new PlanPools(store, objects, single);
      poolView = view;
    }
    return view;
  }

  /**
   * Records that a pool may have room for waiting claims once the plan is committed: a block was
   * freed in it, or it was created or changed.
   */
  void mayHaveRoom(String project, String name) {
    ObjectKey pool = ObjectKey.of(IPPool.class, project, name);
    if (roomIn.isEmpty()) {
      roomIn = Set.of(pool); // a freed block: one pool, most often the only one
    } else if (!roomIn.contains(pool)) {
      if (!(roomIn instanceof java.util.LinkedHashSet)) {
        roomIn = new java.util.LinkedHashSet<>(roomIn);
      }
      roomIn.add(pool);
    }
  }

  /** The pools that may have room since this plan was committed (none for a dry run). */
  Set<ObjectKey> roomIn() {
    return dryRun ? Set.of() : roomIn;
  }

  // ---- changes
  // -----------------------------------------------------------------------------------

  /** Stages {@code object} as the new state of its key (created if the plan found none). */
  void put(IpamObject object) {
    put(keyOf(object), object);
  }

  private void put(ObjectKey key, IpamObject object) {
    int slot = objects.find(key);
    Staged was = slot < 0 ? null : objects.valueAt(slot);
    long base = was != null ? was.baseVersion() : Parts.metadata(object).resourceVersion();
    Staged now = new Staged(base, Optional.of(object), true, was != null ? was.before() : null);
    objects.putAt(slot, key, now);
    // A single change reads pools before it writes any: only a set needs its pools indexed.
    if (!single && key.kind() == Kind.IPPool) {
      poolView().staged(key, was, object);
    }
  }

  void delete(IpamObject object) {
    ObjectKey key = keyOf(object);
    int slot = objects.find(key);
    Staged was = slot < 0 ? null : objects.valueAt(slot);
    long base = was != null ? was.baseVersion() : Parts.metadata(object).resourceVersion();
    Staged now = new Staged(base, Optional.empty(), true, object);
    objects.putAt(slot, key, now);
    if (!single && key.kind() == Kind.IPPool) {
      poolView().staged(key, was, null);
    }
  }

  /**
   * The allocator tree of a pool as this plan sees it: for a stored pool, the index's tree as of
   * the pool's version (the index lock is taken, and held until {@link #close}); for a pool this
   * plan creates, one of its own.
   */
  PrefixAllocator tree(IPPool pool, String poolKey) {
    ObjectKey key = keyOf(pool);
    Staged staged = objects.get(key);
    return staged != null && staged.baseVersion() == 0
        ? trees.own(pool, poolKey)
        : trees.indexed(key, pool, poolKey);
  }

  /** Takes a pool's index lock for the rest of the plan, as {@link PlanTrees#lock}. */
  void lock(String poolKey, boolean wait) {
    trees.lock(poolKey, wait);
  }

  /**
   * Lets go of a pool's index lock early, when this plan leaves that pool unchanged (a claim that
   * found no room in one candidate moves on to the next).
   */
  void letGo(String poolKey) {
    ObjectKey pool = trees.usedPool(poolKey);
    Staged staged = pool == null ? null : objects.get(pool);
    if (pool != null && (staged == null || !staged.written())) {
      trees.letGo(poolKey);
    }
  }

  /** Takes a block in a pool's tree; undone if the plan is discarded. */
  Optional<Cidr> allocate(PrefixAllocator tree, int length, Strategy strategy) {
    return trees.allocate(tree, length, strategy);
  }

  /**
   * Takes exactly {@code block} in a pool's tree; undone if the plan is discarded.
   *
   * @throws org.ipam4j.ConflictException if part of it is taken, the tree unchanged
   */
  void allocateSpecific(PrefixAllocator tree, Cidr block) {
    trees.allocateSpecific(tree, block);
  }

  /** Frees a block in a pool's tree; undone if the plan is discarded. */
  void release(PrefixAllocator tree, Cidr block) {
    trees.release(tree, block);
  }

  // ---- settling
  // ----------------------------------------------------------------------------------

  /**
   * Commits every staged change as one change set (or, on a dry run, discards it). On any failure
   * the trees are put back as they were and nothing is stored.
   */
  void settle() {
    if (settled) {
      return;
    }
    settled = true;
    writeDirtyPools();
    if (dryRun) {
      discard();
      return;
    }
    List<Write> writes = new ArrayList<>(objects.size());
    List<ObjectKey> putKeys = new ArrayList<>(objects.size());
    for (int i = 0; i < objects.slots(); i++) {
      ObjectKey k = objects.keyAt(i);
      if (k == null) {
        continue;
      }
      Staged s = objects.valueAt(i);
      if (!s.written()) {
        continue;
      }
      if (s.object().isPresent()) {
        writes.add(new Put(s.object().get(), s.baseVersion()));
        putKeys.add(k);
      } else if (s.baseVersion() != 0) {
        writes.add(new Delete(k.kind(), k.project(), k.name(), s.baseVersion()));
      }
    }
    if (writes.isEmpty()) {
      trees.kept();
      return;
    }
    List<IpamObject> committed;
    try {
      committed = store.commit(writes);
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
    trees.kept();
    SmallMap<ObjectKey, IpamObject> out = new SmallMap<>(committed.size());
    for (int i = 0; i < committed.size(); i++) {
      out.put(putKeys.get(i), committed.get(i));
    }
    stored = out;
    if (!events.isEmpty()) {
      toTell = events.committed(objects, out);
    }
    trees.committed(out);
  }

  /**
   * After {@link #settle}: the object as stored, or (dry run) as it would be stored, or as it was
   * if the plan left it alone.
   */
  <T extends IpamObject> T result(T planned) {
    ObjectKey key = keyOf(planned);
    SmallMap<ObjectKey, IpamObject> committed = stored;
    IpamObject out = committed == null ? null : committed.get(key);
    if (out == null) {
      Staged staged = objects.get(key);
      out = staged != null && staged.object().isPresent() ? staged.object().get() : planned;
    }
    @SuppressWarnings("unchecked")
    T typed = (T) out;
    return typed;
  }

  /** Whether the plan staged any change: settling wrote it (or, on a dry run, would have). */
  boolean changesAnything() {
    for (int i = 0; i < objects.slots(); i++) {
      if (objects.keyAt(i) != null && objects.valueAt(i).written()) {
        return true;
      }
    }
    return false;
  }

  private void discard() {
    trees.undo();
  }

  /** Discards what was not settled and lets go of the index locks. */
  @Override
  public void close() {
    if (!settled) {
      settled = true;
      discard();
    }
    trees.unlockAll();
    List<Runnable> tell = toTell;
    toTell = List.of();
    tell.forEach(Runnable::run);
  }

  /** An object read, as the plan holds it: the same {@code Optional}, none made (reads only). */
  @SuppressWarnings("unchecked")
  private static Optional<IpamObject> asObject(Optional<? extends IpamObject> read) {
    return (Optional<IpamObject>) read;
  }

  /**
   * A staged object as the type its key names, without a new {@code Optional}: the key was made
   * from the type, so only a store that answered with another kind could fail the check.
   */
  private static <T extends IpamObject> Optional<T> typed(Class<T> type, Optional<IpamObject> o) {
    if (o.isPresent() && !type.isInstance(o.get())) {
      throw new org.ipam4j.StorageException(
          "read "
              + o.get().kind()
              + " "
              + o.get().metadata().key()
              + " as a "
              + type.getSimpleName());
    }
    @SuppressWarnings("unchecked")
    Optional<T> same = (Optional<T>) (Optional<?>) o;
    return same;
  }

  /** The version an object was read at; 0 for none (no boxed Long made). */
  private static long versionOf(Optional<? extends IpamObject> read) {
    return read.isPresent() ? Parts.metadata(read.get()).resourceVersion() : 0L;
  }

  private static ObjectKey keyOf(IpamObject object) {
    ObjectMeta meta = Parts.metadata(object);
    return new ObjectKey(Parts.kind(object), meta.project(), meta.name());
  }
}
