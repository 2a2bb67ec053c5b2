package org.ipam4j.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.ExhaustedException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.internal.Parts;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
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
 * that later decisions see earlier ones (a claim on a pool created in the same set). Trees of
 * stored pools are the index's own, taken under the index lock, which the plan holds from the first
 * use until it is closed; trees of pools it creates are its own.
 *
 * <p>One file on purpose: reads, staging, tree changes and settling all work on the one map of
 * staged objects, in that order in the file; a set's staged root pools are {@link StagedRoots}.
 */
final class Plan implements AutoCloseable {

  /**
   * What the plan holds for one key: the version it was read at (0: absent), its state, and the
   * object as read or, for a delete, as deleted (null when put without a read), which tells claim
   * listeners what a commit changed.
   */
  private record Staged(
      long baseVersion, Optional<IpamObject> object, boolean written, @Nullable IpamObject before) {

    Staged(long baseVersion, Optional<IpamObject> object, boolean written) {
      this(baseVersion, object, written, object.orElse(null));
    }
  }

  private final IpamStore store;
  private final PoolIndexes indexes;
  private final ClaimEvents events;

  /** What to tell the claim listeners once the plan lets go of its locks. */
  private List<Runnable> toTell = List.of();

  private final boolean dryRun;
  private final boolean single;
  // Most plans change one claim in one pool: the rarer collections are made on first use.
  private @Nullable SmallMap<ObjectKey, DirtyPool> dirtyPools;
  private final SmallMap<ObjectKey, Staged> objects = new SmallMap<>();
  private Map<String, PrefixAllocator> ownTrees = Map.of();

  /** Pool key to the index whose tree this plan used, with the pool's object key. */
  private @Nullable SmallMap<String, UsedIndex> usedIndexes;

  private final List<PoolIndexes.PoolIndex> locked = new ArrayList<>(2);
  private final List<Runnable> undo = new ArrayList<>(2);

  /** What the store answered to {@link #pools}, by project and selector. */
  private Map<String, List<IPPool>> storePools = Map.of();

  /** Project to the names of the pools this plan writes, so {@link #pools} sees them. */
  private Map<String, Set<String>> stagedPools = Map.of();

  private record UsedIndex(ObjectKey pool, PoolIndexes.PoolIndex index) {}

  /** What the commit stored, by key (null before it, and for a dry run). */
  private @Nullable SmallMap<ObjectKey, IpamObject> stored;

  private boolean settled;

  /** The root pools a set's plan writes, for {@link #rootPoolOverlapping}; made on first use. */
  private @Nullable StagedRoots stagedRoots;

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
    this.indexes = indexes;
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
    lock(poolKey, locked.isEmpty());
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
    put(current);
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
      IPPool pool =
          staged == null ? d.pool() : staged.object().map(IPPool.class::cast).orElse(d.pool());
      put(pool.withStatus(Statuses.pool(pool, Statuses.cidrOf(pool), d.tree(), d.now())));
    }
    dirtyPools = null;
  }

  // ---- reads -----------------------------------------------------------------------------------

  <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name) {
    ObjectKey key = ObjectKey.of(type, project, name);
    Staged staged = objects.get(key);
    if (staged == null) {
      Optional<T> found = store.get(type, project, name);
      staged = new Staged(versionOf(found), found.map(IpamObject.class::cast), false);
      objects.append(key, staged);
    }
    return staged.object().map(type::cast);
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
      return staged.object().map(type::cast);
    }
    objects.remove(key);
    return get(type, project, name);
  }

  /** The pools of a project whose labels match, by name: the store's, as this plan changed them. */
  List<IPPool> pools(String project, LabelSelector selector) {
    List<IPPool> fromStore;
    if (single) {
      // One change asks once; nothing to remember between questions.
      fromStore = store.pools(project, selector);
    } else {
      if (storePools.isEmpty()) {
        storePools = new HashMap<>();
      }
      fromStore =
          storePools.computeIfAbsent(
              project + "\n" + selector, k -> store.pools(project, selector));
    }
    Set<String> staged = stagedPoolNames(project);
    if (staged.isEmpty() && single) {
      for (IPPool p : fromStore) {
        objects.putIfAbsent(
            ObjectKey.of(IPPool.class, project, p.metadata().name()),
            new Staged(p.metadata().resourceVersion(), Optional.of(p), false));
      }
      return fromStore;
    }
    Map<String, IPPool> byName = new java.util.TreeMap<>();
    for (IPPool p : fromStore) {
      ObjectKey key = ObjectKey.of(IPPool.class, project, p.metadata().name());
      Staged was =
          objects.putIfAbsent(
              key, new Staged(p.metadata().resourceVersion(), Optional.of(p), false));
      if (!was.written() && was.object().isPresent()) {
        byName.put(p.metadata().name(), (IPPool) was.object().get());
      }
    }
    for (String name : staged) {
      Staged written = objects.get(ObjectKey.of(IPPool.class, project, name));
      Optional<IpamObject> now = written == null ? Optional.empty() : written.object();
      if (now.isPresent() && selector.matches(now.get().metadata().labels())) {
        byName.put(name, (IPPool) now.get());
      } else {
        byName.remove(name);
      }
    }
    return List.copyOf(byName.values());
  }

  /** The pools of a project this plan writes: indexed for a set, looked through for one change. */
  private Set<String> stagedPoolNames(String project) {
    if (!single) {
      return stagedPools.getOrDefault(project, Set.of());
    }
    Set<String> names = Set.of();
    for (int i = 0; i < objects.slots(); i++) {
      ObjectKey key = objects.keyAt(i);
      if (key != null
          && objects.valueAt(i).written()
          && key.kind() == Kind.IPPool
          && key.project().equals(project)) {
        if (names.isEmpty()) {
          names = new java.util.TreeSet<>();
        }
        names.add(key.name());
      }
    }
    return names;
  }

  /**
   * A root pool of the project, as this plan leaves the store, whose block overlaps {@code block}:
   * one floor lookup among the root pools the plan stages, one question to the store for the rest,
   * so that creating a root pool costs O(log n) in the project's pools.
   */
  Optional<IPPool> rootPoolOverlapping(String project, Cidr block) {
    if (stagedRoots != null) {
      Optional<IPPool> staged = stagedRoots.overlapping(project, block);
      if (staged.isPresent()) {
        return staged;
      }
    }
    Optional<IPPool> stored = store.rootPoolOverlapping(project, block);
    if (stored.isEmpty()) {
      return stored;
    }
    Staged mine = objects.get(keyOf(stored.get()));
    if (mine == null || !mine.written()) {
      return stored;
    }
    // The plan changed or deleted the pool the store named: look through them all.
    for (IPPool p : pools(project, LabelSelector.everything())) {
      Optional<Cidr> taken = p.rootBlock();
      if (taken.isPresent() && taken.get().overlaps(block)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
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
    ObjectKey key = keyOf(object);
    int slot = objects.find(key);
    Staged was = slot < 0 ? null : objects.valueAt(slot);
    long base = was != null ? was.baseVersion() : Parts.metadata(object).resourceVersion();
    Staged now = new Staged(base, Optional.of(object), true, was != null ? was.before() : null);
    objects.putAt(slot, key, now);
    notePool(key);
    // A single change creates a root pool only after checking it, and stages no other: only a
    // set needs its staged roots indexed.
    if (!single && object instanceof IPPool pool) {
      roots().moved(pool, stagedRootBlock(was));
    }
  }

  private StagedRoots roots() {
    StagedRoots roots = stagedRoots;
    if (roots == null) {
      roots = new StagedRoots();
      stagedRoots = roots;
    }
    return roots;
  }

  /** The root block the plan had staged for a key before this write (empty if none). */
  private static Optional<Cidr> stagedRootBlock(@Nullable Staged was) {
    return was == null || !was.written()
        ? Optional.empty()
        : was.object().flatMap(o -> o instanceof IPPool p ? p.rootBlock() : Optional.empty());
  }

  private void notePool(ObjectKey key) {
    // A single change reads pools before it writes any; a set needs the index (see pools).
    if (key.kind() == Kind.IPPool && !single) {
      if (stagedPools.isEmpty()) {
        stagedPools = new HashMap<>();
      }
      stagedPools.computeIfAbsent(key.project(), p -> new java.util.TreeSet<>()).add(key.name());
    }
  }

  void delete(IpamObject object) {
    ObjectKey key = keyOf(object);
    int slot = objects.find(key);
    Staged was = slot < 0 ? null : objects.valueAt(slot);
    long base = was != null ? was.baseVersion() : Parts.metadata(object).resourceVersion();
    Staged now = new Staged(base, Optional.empty(), true, object);
    objects.putAt(slot, key, now);
    notePool(key);
    if (!single && object instanceof IPPool) {
      roots().removed(key.project(), stagedRootBlock(was));
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
    if (staged != null && staged.baseVersion() == 0) {
      if (ownTrees.isEmpty()) {
        ownTrees = new HashMap<>();
      }
      return ownTrees.computeIfAbsent(poolKey, k -> new PrefixAllocator(Statuses.cidrOf(pool)));
    }
    PoolIndexes.PoolIndex index = lock(poolKey, locked.isEmpty());
    SmallMap<String, UsedIndex> used = usedIndexes;
    if (used == null) {
      used = new SmallMap<>(1);
      usedIndexes = used;
    }
    used.put(poolKey, new UsedIndex(key, index));
    return indexes.fresh(index, pool);
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

  /**
   * Lets go of a pool's index lock early, when this plan leaves that pool unchanged (a claim that
   * found no room in one candidate moves on to the next).
   */
  void letGo(String poolKey) {
    SmallMap<String, UsedIndex> usedIn = usedIndexes;
    UsedIndex used = usedIn == null ? null : usedIn.get(poolKey);
    if (usedIn == null || used == null) {
      return;
    }
    Staged staged = objects.get(used.pool());
    if (staged != null && staged.written()) {
      return;
    }
    usedIn.remove(poolKey);
    if (locked.remove(used.index())) {
      used.index().lock.unlock();
    }
  }

  /** Takes a block in a pool's tree; undone if the plan is discarded. */
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

  /**
   * Takes exactly {@code block} in a pool's tree; undone if the plan is discarded.
   *
   * @throws org.ipam4j.ConflictException if part of it is taken, the tree unchanged
   */
  void allocateSpecific(PrefixAllocator tree, Cidr block) {
    tree.allocateSpecific(block);
    undo.add(() -> tree.release(block));
  }

  /** Frees a block in a pool's tree; undone if the plan is discarded. */
  void release(PrefixAllocator tree, Cidr block) {
    tree.release(block);
    undo.add(() -> tree.allocateSpecific(block));
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
      undo.clear();
      return;
    }
    List<IpamObject> committed;
    try {
      committed = store.commit(writes);
    } catch (RuntimeException e) {
      discard();
      throw e;
    }
    undo.clear();
    SmallMap<ObjectKey, IpamObject> out = new SmallMap<>(committed.size());
    for (int i = 0; i < committed.size(); i++) {
      out.put(putKeys.get(i), committed.get(i));
    }
    stored = out;
    if (!events.isEmpty()) {
      noteClaimEvents(out);
    }
    // Every tree change wrote its pool, so the index is as of the pool's new version.
    SmallMap<String, UsedIndex> usedIn = usedIndexes;
    for (int i = 0; usedIn != null && i < usedIn.slots(); i++) {
      if (usedIn.keyAt(i) == null) {
        continue;
      }
      UsedIndex used = usedIn.valueAt(i);
      IpamObject pool = out.get(used.pool());
      if (pool != null) {
        used.index().version = pool.metadata().resourceVersion();
      }
    }
  }

  /**
   * The binds and releases the commit made, for the claim listeners: an allocation of a claim
   * created or re-bound (it had no claim), and an allocation of a claim or a retained one deleted.
   */
  private void noteClaimEvents(SmallMap<ObjectKey, IpamObject> stored) {
    List<Runnable> tell = new ArrayList<>();
    for (int i = 0; i < objects.slots(); i++) {
      ObjectKey key = objects.keyAt(i);
      if (key == null || key.kind() != Kind.IPAllocation) {
        continue;
      }
      Staged s = objects.valueAt(i);
      if (!s.written()) {
        continue;
      }
      IpamObject now = stored.get(key);
      if (now instanceof IPAllocation a && a.spec().claimRef().isPresent()) {
        boolean newlyHeld =
            s.baseVersion() == 0
                || (s.before() instanceof IPAllocation was && was.spec().claimRef().isEmpty());
        IpamObject claim =
            stored.get(
                new ObjectKey(
                    Kind.IPClaim, a.metadata().project(), a.spec().claimRef().get().name()));
        if (newlyHeld && claim instanceof IPClaim c && c.isBound()) {
          tell.add(() -> events.bound(c, a));
        }
      } else if (now == null
          && s.baseVersion() != 0
          && s.object().isEmpty()
          && s.before() instanceof IPAllocation gone
          && gone.spec().purpose() == org.ipam4j.model.AllocationPurpose.Claim) {
        tell.add(() -> events.released(gone));
      }
    }
    toTell = tell;
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
    for (int i = undo.size() - 1; i >= 0; i--) {
      undo.get(i).run();
    }
    undo.clear();
  }

  /** Discards what was not settled and lets go of the index locks. */
  @Override
  public void close() {
    if (!settled) {
      settled = true;
      discard();
    }
    for (PoolIndexes.PoolIndex index : locked) {
      index.lock.unlock();
    }
    locked.clear();
    List<Runnable> tell = toTell;
    toTell = List.of();
    tell.forEach(Runnable::run);
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
