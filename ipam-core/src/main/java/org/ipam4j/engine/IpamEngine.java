package org.ipam4j.engine;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.NotFoundException;
import org.ipam4j.allocator.PoolUsage;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.AllocationPhase;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.Condition;
import org.ipam4j.model.ConditionStatus;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPClaimStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IPPoolStatus;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.Change;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.PoolBlocks;
import org.ipam4j.StaleWriteException;
import org.ipam4j.store.Subscription;
import org.ipam4j.store.Write;
import org.ipam4j.store.Write.Delete;
import org.ipam4j.store.Write.Put;

/**
 * The front door of ipam4j: pools, claims and allocations of the {@code ipam.miloapis.com/v1alpha1}
 * API, over a pluggable {@link IpamStore}.
 *
 * <pre>{@code
 * IpamEngine engine = IpamEngine.inMemory();
 * engine.applyPool(IPPool.of("default", "web", IPPoolSpec.root("10.0.0.0/16"))
 *     .withLabels(Map.of("tier", "web")));
 * IPClaim claim = engine.applyClaim(IPClaim.of("default", "web-tier-v4",
 *     IPClaimSpec.fromSelector(IpFamily.IPv4, 24, PoolSelector.matching(Map.of("tier", "web")))))
 *     .object();
 * claim.status().allocatedCIDR(); // Optional[10.0.0.0/24]
 * }</pre>
 *
 * <p><b>Choosing a pool.</b> A claim's {@code poolSelector} is matched against the pools of the
 * project in scope, which are tried <em>in name order</em>; the first with room wins (the reference
 * server fails if the first match is full). Pools of another family, or whose {@code
 * spec.allocation} bounds exclude the claim's prefix length, are skipped.
 *
 * <p><b>Waiting.</b> A claim that cannot be satisfied yet (every candidate full, or none matches
 * or exists yet) is stored {@code Pending} with a {@code Ready=False} condition saying why, and is
 * bound automatically, in arrival order, as soon as space frees or a fitting pool appears. With
 * {@link Builder#failWhenExhausted(boolean)} the engine instead throws, as the reference does.
 *
 * <p><b>Thread safety.</b> Every method is thread-safe. Work on one pool is serialized by a lock per
 * pool, so claims on different pools do not wait for each other. Several engines may share one
 * store; commits are guarded by the versions read, and on a lost race the engine re-reads and
 * retries.
 *
 * <p>Every method that throws an {@link IpamException} has changed nothing.
 */
public final class IpamEngine implements AutoCloseable {

  private static final long RETRY_BUDGET_NANOS = 30_000_000_000L;
  private static final String READY = "Ready";
  private static final String ALLOCATED = "Allocated";

  private final IpamStore store;
  private final boolean ownsStore;
  private final AccessPolicy access;
  private final boolean failWhenExhausted;
  private final Clock clock;
  private final ConcurrentHashMap<String, PoolIndex> indexes = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Object> rootPoolLocks = new ConcurrentHashMap<>();
  private final AtomicLong lastTimestamp = new AtomicLong();
  private final List<Consumer<Change>> watchers = new CopyOnWriteArrayList<>();
  private final Subscription storeSubscription;
  private volatile ExecutorService dispatcher;

  /** One pool's allocator tree: an index over the store, valid for one pool resourceVersion. */
  private static final class PoolIndex {
    final ReentrantLock lock = new ReentrantLock();
    PrefixAllocator allocator;
    long version = -1;
  }

  private IpamEngine(Builder builder) {
    this.store = builder.store == null ? IpamStore.inMemory() : builder.store;
    this.ownsStore = builder.store == null;
    this.access = builder.access;
    this.failWhenExhausted = builder.failWhenExhausted;
    this.clock = builder.clock;
    this.storeSubscription = store.subscribe(this::dispatch);
  }

  /** An engine over a fresh in-memory store, with the defaults. */
  public static IpamEngine inMemory() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link IpamEngine}. */
  public static final class Builder {
    private IpamStore store;
    private AccessPolicy access = AccessPolicy.denyAll();
    private boolean failWhenExhausted;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Where objects live; default a new in-memory store, which the engine then owns and closes. */
    public Builder store(IpamStore newStore) {
      this.store = Objects.requireNonNull(newStore, "store");
      return this;
    }

    /** Who may claim from shared pools of other projects; default {@link AccessPolicy#denyAll()}. */
    public Builder accessPolicy(AccessPolicy policy) {
      this.access = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * When true, a claim that cannot be satisfied now fails with {@link ExhaustedException} (or
     * {@link NotFoundException} when no pool matches) instead of waiting as {@code Pending}.
     * Default false.
     */
    public Builder failWhenExhausted(boolean fail) {
      this.failWhenExhausted = fail;
      return this;
    }

    /** The clock for timestamps; default UTC system time. */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    public IpamEngine build() {
      return new IpamEngine(this);
    }
  }

  /** The store this engine works on. */
  public IpamStore store() {
    return store;
  }

  // ---- pools ---------------------------------------------------------------------------------

  /**
   * Creates or updates a pool. A root pool owns {@code spec.cidr} and may not overlap another root
   * pool of its project; a child pool carves {@code spec.prefixLength} from its parent atomically,
   * recorded as an IPAllocation. On update only labels, annotations, {@code spec.allocation} and
   * {@code spec.visibility} may change.
   *
   * @throws InvalidException for bad input or a change to an immutable field, naming every field
   * @throws NotFoundException if a child pool's parent does not exist
   * @throws ConflictException if a root pool would overlap another, or the name is taken
   * @throws ExhaustedException if the parent has no free block of the child's size
   */
  public Applied<IPPool> applyPool(IPPool pool, ApplyOption... options) {
    Objects.requireNonNull(pool, "pool");
    boolean dryRun = isDryRun(options);
    Validation.pool(pool);
    Applied<IPPool> applied = retrying("IPPool " + pool.metadata().key(),
        () -> applyPoolOnce(pool, dryRun));
    if (!dryRun && applied.outcome() != Applied.Outcome.unchanged) {
      bindPendingClaims();
    }
    return applied;
  }

  private Applied<IPPool> applyPoolOnce(IPPool input, boolean dryRun) {
    String project = input.metadata().project();
    String name = input.metadata().name();
    Optional<IPPool> existing = store.get(IPPool.class, project, name);
    if (existing.isPresent()) {
      return updatePool(existing.get(), input, dryRun);
    }
    if (input.spec().isChild()) {
      return createChildPool(input, dryRun);
    }
    Cidr cidr = Cidr.parse("spec.cidr", input.spec().cidr().orElseThrow());
    synchronized (rootPoolLocks.computeIfAbsent(project, p -> new Object())) {
      for (IPPool other : store.list(IPPool.class, Optional.of(project))) {
        if (!other.spec().isChild() && other.status().allocatedCIDR().isPresent()
            && other.status().allocatedCIDR().get().overlaps(cidr)) {
          throw new ConflictException("spec.cidr: " + cidr + " overlaps IPPool "
              + other.metadata().name() + " (" + other.status().allocatedCIDR().get()
              + ") in project " + project);
        }
      }
      Instant now = now();
      IPPool created = new IPPool(
          input.metadata().withIdentity(newUid(), 1, now),
          input.spec().withIpFamily(cidr.family()),
          IPPoolStatus.empty());
      created = created.withStatus(poolStatus(created, cidr, new PrefixAllocator(cidr), now));
      if (dryRun) {
        return new Applied<>(created, Applied.Outcome.created);
      }
      IPPool stored = (IPPool) store.commit(List.of(Put.create(created))).get(0);
      return new Applied<>(stored, Applied.Outcome.created);
    }
  }

  private Applied<IPPool> createChildPool(IPPool input, boolean dryRun) {
    String project = input.metadata().project();
    String parentName = input.spec().parentPoolRef().orElseThrow().name();
    int length = input.spec().prefixLength().orElseThrow();
    IPPool parent = store.get(IPPool.class, project, parentName).orElseThrow(() ->
        new NotFoundException("spec.parentPoolRef.name: no IPPool \"" + parentName
            + "\" in project " + project));
    Cidr parentCidr = effectiveCidr(parent);
    if (!parentCidr.family().isValidPrefixLength(length)) {
      throw new InvalidException("spec.prefixLength", length + " is not a valid "
          + parentCidr.family() + " prefix length (0-" + parentCidr.family().bits() + ")");
    }
    if (length < parentCidr.prefixLength()) {
      throw new InvalidException("spec.prefixLength", "/" + length
          + " is larger than the parent IPPool " + parentName + " (" + parentCidr + ")");
    }
    PoolIndex index = indexOf(project, parentName);
    index.lock.lock();
    try {
      return store.withPoolLock(project, parentName, () -> createChildPoolLocked(input, dryRun,
          index, project, parentName, length, parentCidr));
    } finally {
      index.lock.unlock();
    }
  }

  private Applied<IPPool> createChildPoolLocked(IPPool input, boolean dryRun, PoolIndex index,
      String project, String parentName, int length, Cidr parentCidr) {
    IPPool currentParent = store.get(IPPool.class, project, parentName).orElseThrow(
        () -> new StaleWriteException("parent pool vanished"));
    PrefixAllocator parentTree = fresh(index, currentParent);
    Cidr carve;
    try {
      carve = parentTree.allocate(length, currentParent.spec().allocation().strategy());
    } catch (ExhaustedException e) {
      throw new ExhaustedException("spec.prefixLength: no free /" + length + " left in parent"
          + " IPPool " + parentName + " (" + parentCidr + ")");
    }
    Instant now = now();
    IPPool child = new IPPool(input.metadata().withIdentity(newUid(), 1, now), input.spec(),
        IPPoolStatus.empty());
    child = child.withStatus(poolStatus(child, carve, new PrefixAllocator(carve), now));
    IPAllocation allocation = new IPAllocation(
        ObjectMeta.of(project, IPAllocation.nameForChildPool(project, child.metadata().name()))
            .withIdentity(newUid(), 1, now),
        new IPAllocationSpec(carve.family(), PoolRef.of(parentName), Optional.empty(),
            Optional.of(new LocalRef(child.metadata().name()))),
        allocationStatus(carve, now));
    IPPool updatedParent = currentParent.withStatus(
        poolStatus(currentParent, parentCidr, parentTree, now));
    if (dryRun) {
      parentTree.release(carve);
      return new Applied<>(child, Applied.Outcome.created);
    }
    List<IpamObject> stored = commitOrUndo(index, parentTree, carve, List.of(
        Put.create(child), Put.create(allocation), Put.replace(updatedParent)));
    index.version = stored.get(2).metadata().resourceVersion();
    return new Applied<>((IPPool) stored.get(0), Applied.Outcome.created);
  }

  private Applied<IPPool> updatePool(IPPool existing, IPPool input, boolean dryRun) {
    IPPoolSpec was = existing.spec();
    IPPoolSpec want = input.spec();
    List<InvalidException.Violation> immutable = new ArrayList<>();
    if (!was.cidr().equals(want.cidr())) {
      immutable.add(immutable("spec.cidr", was.cidr()));
    }
    if (want.ipFamily().isPresent() && !was.ipFamily().equals(want.ipFamily())) {
      immutable.add(immutable("spec.ipFamily", was.ipFamily()));
    }
    if (!was.parentPoolRef().equals(want.parentPoolRef())) {
      immutable.add(immutable("spec.parentPoolRef", was.parentPoolRef().map(LocalRef::name)));
    }
    if (!was.prefixLength().equals(want.prefixLength())) {
      immutable.add(immutable("spec.prefixLength", was.prefixLength().isPresent()
          ? Optional.of(was.prefixLength().getAsInt()) : Optional.empty()));
    }
    if (!immutable.isEmpty()) {
      throw new InvalidException(immutable);
    }
    IPPoolSpec merged = new IPPoolSpec(was.cidr(), was.ipFamily(), was.parentPoolRef(),
        was.prefixLength(), want.allocation(), want.visibility());
    boolean specChanged = !merged.equals(was);
    ObjectMeta meta = existing.metadata().withLabels(input.metadata().labels())
        .withAnnotations(input.metadata().annotations());
    if (!specChanged && meta.equals(existing.metadata())) {
      return new Applied<>(existing, Applied.Outcome.unchanged);
    }
    if (specChanged) {
      meta = meta.withGeneration(existing.metadata().generation() + 1);
    }
    IPPool updated = new IPPool(meta, merged, existing.status());
    if (dryRun) {
      return new Applied<>(updated, Applied.Outcome.configured);
    }
    IPPool stored = (IPPool) store.commit(List.of(Put.replace(updated))).get(0);
    PoolIndex index = indexes.get(key(existing.metadata().project(), existing.metadata().name()));
    if (index != null) {
      index.lock.lock();
      try {
        // Only the pool's record moved on, not its allocations.
        if (index.version == existing.metadata().resourceVersion()) {
          index.version = stored.metadata().resourceVersion();
        }
      } finally {
        index.lock.unlock();
      }
    }
    return new Applied<>(stored, Applied.Outcome.configured);
  }

  private static InvalidException.Violation immutable(String field, Optional<?> was) {
    return new InvalidException.Violation(field,
        "field is immutable (it is " + was.map(String::valueOf).orElse("unset") + ")");
  }

  /** The pool, if it exists. */
  public Optional<IPPool> getPool(String project, String name) {
    return store.get(IPPool.class, project, name);
  }

  /** The pools of a project, by name. */
  public List<IPPool> listPools(String project) {
    return store.list(IPPool.class, Optional.of(project));
  }

  /** The pools of a project whose labels match, by name. */
  public List<IPPool> listPools(String project, LabelSelector selector) {
    return store.pools(project, selector);
  }

  /** The pools of every project, by project then name. */
  public List<IPPool> listAllPools() {
    return store.list(IPPool.class, Optional.empty());
  }

  /**
   * Exact figures for a pool beyond its status: free blocks per prefix length, fragmentation,
   * allocated block count.
   *
   * @throws NotFoundException if there is no such pool
   */
  public PoolUsage poolUsage(String project, String name) {
    IPPool pool = store.get(IPPool.class, project, name).orElseThrow(() -> noPool(project, name));
    PoolIndex index = indexOf(project, name);
    index.lock.lock();
    try {
      return fresh(index, pool).usage();
    } finally {
      index.lock.unlock();
    }
  }

  /**
   * How many blocks of {@code prefixLength} the pool could still hand out ("how many /24s can I
   * still get?").
   *
   * @throws NotFoundException if there is no such pool
   * @throws InvalidException if the prefix length is not valid for the pool
   */
  public java.math.BigInteger availableBlocks(String project, String name, int prefixLength) {
    IPPool pool = store.get(IPPool.class, project, name).orElseThrow(() -> noPool(project, name));
    PoolIndex index = indexOf(project, name);
    index.lock.lock();
    try {
      return fresh(index, pool).availableBlocks(prefixLength);
    } finally {
      index.lock.unlock();
    }
  }

  /**
   * Deletes a pool that holds no allocations. Deleting a child pool frees its block in the parent.
   *
   * @throws NotFoundException if there is no such pool
   * @throws ConflictException if the pool still holds allocations (claims, retained blocks or
   *     child pools)
   */
  public void deletePool(String project, String name) {
    boolean freed = retrying("IPPool " + project + "/" + name, () -> deletePoolOnce(project, name));
    if (freed) {
      bindPendingClaims();
    }
  }

  private boolean deletePoolOnce(String project, String name) {
    IPPool pool = store.get(IPPool.class, project, name).orElseThrow(() -> noPool(project, name));
    List<IPAllocation> held = store.allocationsOfPool(project, name);
    if (!held.isEmpty()) {
      IPAllocation first = held.stream()
          .min(java.util.Comparator.comparing(a -> a.metadata().key())).orElseThrow();
      throw new ConflictException("IPPool " + project + "/" + name + " still has " + held.size()
          + " allocation(s), e.g. " + first.metadata().key() + " (" + first.status().allocatedCIDR()
          + "); delete its claims and child pools first");
    }
    if (pool.spec().parentPoolRef().isEmpty()) {
      store.commit(List.of(Delete.of(pool)));
      indexes.remove(key(project, name));
      return false;
    }
    IPAllocation carve = store.get(IPAllocation.class, project,
        IPAllocation.nameForChildPool(project, name)).orElseThrow(() ->
            new StaleWriteException("carve allocation of " + name + " is not visible yet"));
    freeBlock(carve, List.of(Delete.of(pool)));
    indexes.remove(key(project, name));
    return true;
  }

  // ---- claims --------------------------------------------------------------------------------

  /**
   * Creates or updates a claim and binds it to a block if it can. Applying an unchanged claim again
   * returns the block it already has, never a second one. Re-creating a claim whose block was
   * retained (same name, same pool, same prefix length) binds the retained block again. On update
   * only labels, annotations, {@code ownerRef} and {@code reclaimPolicy} may change.
   *
   * @return the claim: {@code Bound} with its block, or {@code Pending} with the reason
   * @throws InvalidException for bad input, an immutable change, or a claim the pool it names can
   *     never satisfy (other family, prefix length outside the pool or its bounds)
   * @throws ForbiddenException if {@code poolRef} names another project's pool that is not shared
   *     with the claim's project
   * @throws ConflictException if a retained allocation of the same name holds another block
   * @throws ExhaustedException with {@link Builder#failWhenExhausted}, if no candidate has room
   * @throws NotFoundException with {@link Builder#failWhenExhausted}, if no pool matches
   */
  public Applied<IPClaim> applyClaim(IPClaim claim, ApplyOption... options) {
    Objects.requireNonNull(claim, "claim");
    boolean dryRun = isDryRun(options);
    Validation.claim(claim);
    return retrying("IPClaim " + claim.metadata().key(), () -> applyClaimOnce(claim, dryRun));
  }

  private Applied<IPClaim> applyClaimOnce(IPClaim input, boolean dryRun) {
    String project = input.metadata().project();
    String allocationName = IPAllocation.nameForClaim(project, input.metadata().name());
    // The claim, a retained allocation of its name, and a named pool: one read, not three.
    List<ObjectKey> keys = new ArrayList<>(3);
    keys.add(ObjectKey.of(IPClaim.class, project, input.metadata().name()));
    keys.add(ObjectKey.of(IPAllocation.class, project, allocationName));
    input.spec().poolRef().ifPresent(ref -> keys.add(
        ObjectKey.of(IPPool.class, ref.projectOr(project), ref.name())));
    List<Optional<IpamObject>> found = store.getAll(keys);
    Optional<IPClaim> existing = found.get(0).map(IPClaim.class::cast);
    if (existing.isPresent()) {
      return updateClaim(existing.get(), input, dryRun);
    }
    Instant now = now();
    IPClaim claim = new IPClaim(input.metadata().withIdentity(newUid(), 1, now), input.spec(),
        IPClaimStatus.empty());
    Optional<IPAllocation> retained = found.get(1).map(IPAllocation.class::cast);
    if (retained.isPresent()) {
      return new Applied<>(rebind(claim, retained.get(), dryRun), Applied.Outcome.created);
    }
    PoolLookup pools = keys.size() > 2
        ? (poolProject, poolName) -> found.get(2).map(IPPool.class::cast) : this::readPool;
    return new Applied<>(bindOrWait(claim, allocationName, pools, dryRun),
        Applied.Outcome.created);
  }

  private Applied<IPClaim> updateClaim(IPClaim existing, IPClaim input, boolean dryRun) {
    IPClaimSpec was = existing.spec();
    IPClaimSpec want = input.spec();
    List<InvalidException.Violation> immutable = new ArrayList<>();
    if (!was.ipFamily().equals(want.ipFamily())) {
      immutable.add(immutable("spec.ipFamily", was.ipFamily()));
    }
    if (!was.prefixLength().equals(want.prefixLength())) {
      immutable.add(immutable("spec.prefixLength", Optional.of(was.prefixLength().getAsInt())));
    }
    if (!was.poolRef().equals(want.poolRef())) {
      immutable.add(immutable("spec.poolRef", was.poolRef().map(PoolRef::name)));
    }
    if (!was.poolSelector().equals(want.poolSelector())) {
      immutable.add(immutable("spec.poolSelector",
          was.poolSelector().map(s -> s.labelSelector().toString())));
    }
    if (!immutable.isEmpty()) {
      throw new InvalidException(immutable);
    }
    ObjectMeta meta = existing.metadata().withLabels(input.metadata().labels())
        .withAnnotations(input.metadata().annotations());
    boolean specChanged = !want.equals(was);
    if (specChanged) {
      meta = meta.withGeneration(existing.metadata().generation() + 1);
    }
    IPClaim updated = new IPClaim(meta, want, existing.status());
    boolean changed = specChanged || !meta.equals(existing.metadata());
    Applied.Outcome outcome = changed ? Applied.Outcome.configured : Applied.Outcome.unchanged;
    if (!updated.isBound()) {
      // Fail on a pool that can never satisfy the claim before anything is written.
      resolve(updated);
    }
    if (changed && !dryRun) {
      updated = (IPClaim) store.commit(List.of(Put.replace(updated))).get(0);
    }
    if (updated.isBound()) {
      return new Applied<>(updated, outcome);
    }
    return new Applied<>(bindOrWait(updated, dryRun), outcome);
  }

  private IPClaim rebind(IPClaim claim, IPAllocation allocation, boolean dryRun) {
    String project = claim.metadata().project();
    IPAllocationSpec spec = allocation.spec();
    if (spec.claimRef().isPresent()) {
      // Bound to a claim of this name that another writer created after we looked: re-read.
      throw new StaleWriteException("IPClaim " + claim.metadata().key() + " appeared meanwhile");
    }
    Cidr block = allocation.status().allocatedCIDR();
    String poolProject = spec.poolRef().projectOr(project);
    Optional<IPPool> pool = store.get(IPPool.class, poolProject, spec.poolRef().name());
    boolean samePool = pool.isPresent()
        && candidatePoolKeys(claim).contains(pool.get().metadata().key());
    boolean sameLength = claim.spec().prefixLength().getAsInt() == block.prefixLength();
    if (!spec.isRetained() || !samePool || !sameLength) {
      throw new ConflictException("metadata.name: IPAllocation " + allocation.metadata().name()
          + (spec.isRetained() ? " (retained)" : "") + " holds " + block + " from IPPool "
          + poolProject + "/" + spec.poolRef().name() + " for a claim of this name; claim the"
          + " same pool and prefix length to rebind it, or delete the allocation first");
    }
    Instant now = now();
    IPClaim bound = claim.withStatus(boundStatus(block, allocation.metadata().name(),
        spec.poolRef().name(), claim.metadata().generation(), now));
    IPAllocation rebound = allocation.withSpec(new IPAllocationSpec(spec.ipFamily(),
        spec.poolRef(), Optional.of(new LocalRef(claim.metadata().name())), Optional.empty()));
    if (dryRun) {
      return bound;
    }
    return (IPClaim) store.commit(List.of(Put.create(bound), Put.replace(rebound))).get(0);
  }

  /**
   * Binds a claim (new, or stored but unbound) to the first candidate pool with room, or records
   * it as waiting. After recording a wait it looks once more, so that space freed meanwhile by
   * another thread (whose pending scan may have run before the claim was stored) is not missed.
   */
  private IPClaim bindOrWait(IPClaim claim, boolean dryRun) {
    return bindOrWait(claim,
        IPAllocation.nameForClaim(claim.metadata().project(), claim.metadata().name()),
        this::readPool, dryRun);
  }

  /** {@code pools}: how to find the claim's {@code poolRef} pool (it may have been read). */
  private IPClaim bindOrWait(IPClaim claim, String allocationName, PoolLookup pools,
      boolean dryRun) {
    Resolution resolution = resolve(claim, pools);
    for (IPPool pool : resolution.pools) {
      Optional<IPClaim> bound = tryBind(claim, allocationName, pool, dryRun);
      if (bound.isPresent()) {
        return bound.get();
      }
    }
    if (failWhenExhausted) {
      if (resolution.pools.isEmpty()) {
        throw new NotFoundException("spec: " + resolution.message);
      }
      throw new ExhaustedException("spec.prefixLength: " + resolution.exhaustedMessage(claim));
    }
    String reason = resolution.pools.isEmpty() ? resolution.reason : "PoolExhausted";
    String message = resolution.pools.isEmpty() ? resolution.message
        : resolution.exhaustedMessage(claim);
    Optional<Condition> ready = readyCondition(claim);
    if (claim.metadata().resourceVersion() != 0 && ready.isPresent()
        && ready.get().reason().equals(reason) && ready.get().message().equals(message)) {
      return claim;
    }
    IPClaim waiting = claim.withStatus(new IPClaimStatus(ClaimPhase.Pending, Optional.empty(),
        Optional.empty(), List.of(new Condition(READY, ConditionStatus.False, reason, message,
            now(), claim.metadata().generation()))));
    if (dryRun) {
      return waiting;
    }
    IPClaim stored = (IPClaim) store.commit(List.of(claim.metadata().resourceVersion() == 0
        ? Put.create(waiting) : Put.replace(waiting))).get(0);
    return bindOrWait(stored, allocationName, this::readPool, false);
  }

  private static Optional<Condition> readyCondition(IPClaim claim) {
    return claim.status().conditions().stream().filter(c -> c.type().equals(READY)).findFirst();
  }

  /** Takes a block for the claim in {@code pool}; empty if the pool has no room. */
  private Optional<IPClaim> tryBind(IPClaim claim, String allocationName, IPPool pool,
      boolean dryRun) {
    String poolProject = pool.metadata().project();
    String poolName = pool.metadata().name();
    PoolIndex index = indexOf(poolProject, poolName);
    index.lock.lock();
    try {
      return store.withPoolLock(poolProject, poolName,
          () -> tryBindLocked(claim, allocationName, index, poolProject, poolName, dryRun));
    } finally {
      index.lock.unlock();
    }
  }

  private Optional<IPClaim> tryBindLocked(IPClaim claim, String allocationName, PoolIndex index,
      String poolProject, String poolName, boolean dryRun) {
    int length = claim.spec().prefixLength().getAsInt();
    Optional<IPPool> current = store.get(IPPool.class, poolProject, poolName);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    IPPool livePool = current.get();
    PrefixAllocator tree = fresh(index, livePool);
    Cidr block;
    try {
      block = tree.allocate(length, livePool.spec().allocation().strategy());
    } catch (ExhaustedException e) {
      return Optional.empty();
    }
    Instant now = now();
    String project = claim.metadata().project();
    PoolRef poolRef = poolProject.equals(project) ? PoolRef.of(poolName)
        : PoolRef.inProject(poolProject, poolName);
    IPAllocation allocation = new IPAllocation(
        ObjectMeta.of(project, allocationName).withIdentity(newUid(), 1, now),
        new IPAllocationSpec(block.family(), poolRef,
            Optional.of(new LocalRef(claim.metadata().name())), Optional.empty()),
        allocationStatus(block, now));
    IPClaim bound = claim.withStatus(boundStatus(block, allocationName, poolName,
        claim.metadata().generation(), now));
    IPPool updatedPool = livePool.withStatus(
        poolStatus(livePool, effectiveCidr(livePool), tree, now));
    if (dryRun) {
      tree.release(block);
      return Optional.of(bound);
    }
    List<IpamObject> stored = commitOrUndo(index, tree, block, List.of(
        claim.metadata().resourceVersion() == 0 ? Put.create(bound) : Put.replace(bound),
        Put.create(allocation), Put.replace(updatedPool)));
    index.version = stored.get(2).metadata().resourceVersion();
    return Optional.of((IPClaim) stored.get(0));
  }

  /** The pools a claim may draw from, in the order they are tried, or why there are none. */
  private static final class Resolution {
    final List<IPPool> pools;
    final String reason;
    final String message;

    Resolution(List<IPPool> pools, String reason, String message) {
      this.pools = pools;
      this.reason = reason;
      this.message = message;
    }

    String exhaustedMessage(IPClaim claim) {
      int length = claim.spec().prefixLength().getAsInt();
      StringBuilder names = new StringBuilder();
      for (IPPool p : pools) {
        names.append(names.length() == 0 ? "" : ", ").append(p.metadata().name());
      }
      return "no free /" + length + " in IPPool " + names + "; waiting for space";
    }
  }

  private List<String> candidatePoolKeys(IPClaim claim) {
    List<String> out = new ArrayList<>();
    for (IPPool p : resolve(claim).pools) {
      out.add(p.metadata().key());
    }
    return out;
  }

  /** Finds a pool by project and name: in the store, or among objects just read. */
  @FunctionalInterface
  private interface PoolLookup {
    Optional<IPPool> find(String project, String name);
  }

  private Optional<IPPool> readPool(String project, String name) {
    return store.get(IPPool.class, project, name);
  }

  private Resolution resolve(IPClaim claim) {
    return resolve(claim, this::readPool);
  }

  private Resolution resolve(IPClaim claim, PoolLookup pools) {
    IPClaimSpec spec = claim.spec();
    String project = claim.metadata().project();
    IpFamily family = spec.ipFamily().orElseThrow();
    int length = spec.prefixLength().getAsInt();
    if (spec.poolRef().isPresent()) {
      PoolRef ref = spec.poolRef().get();
      String poolProject = ref.projectOr(project);
      Optional<IPPool> found = pools.find(poolProject, ref.name());
      if (!poolProject.equals(project)) {
        if (found.isEmpty() || !found.get().spec().isShared()
            || !access.mayUse(project, found.get())) {
          throw new ForbiddenException("spec.poolRef: project " + project
              + " may not use IPPool " + ref.name() + " of project " + poolProject);
        }
      }
      if (found.isEmpty()) {
        return new Resolution(List.of(), "PoolNotFound",
            "no IPPool \"" + ref.name() + "\" in project " + poolProject + "; waiting for it");
      }
      IPPool pool = found.get();
      Cidr cidr = effectiveCidr(pool);
      if (cidr.family() != family) {
        throw new InvalidException("spec.ipFamily", family + " does not match IPPool "
            + ref.name() + ", which is " + cidr.family());
      }
      if (length < cidr.prefixLength()) {
        throw new InvalidException("spec.prefixLength", "/" + length + " is larger than IPPool "
            + ref.name() + " (" + cidr + ")");
      }
      if (!pool.spec().allocation().allows(length)) {
        throw new InvalidException("spec.prefixLength", length + " is outside IPPool "
            + ref.name() + "'s allowed range " + bounds(pool));
      }
      return new Resolution(List.of(pool), "", "");
    }
    PoolSelector selector = spec.poolSelector().orElseThrow();
    String poolProject = selector.projectOr(project);
    boolean crossProject = !poolProject.equals(project);
    List<IPPool> matches = new ArrayList<>();
    for (IPPool pool : store.pools(poolProject, selector.labelSelector())) {
      Optional<Cidr> cidr = pool.status().allocatedCIDR();
      if (cidr.isEmpty() || cidr.get().family() != family || length < cidr.get().prefixLength()
          || !pool.spec().allocation().allows(length)) {
        continue;
      }
      // A denial must read exactly like "no pool matches", so that other projects' pools
      // cannot be discovered through selectors.
      if (crossProject && (!pool.spec().isShared() || !access.mayUse(project, pool))) {
        continue;
      }
      matches.add(pool);
    }
    if (matches.isEmpty()) {
      return new Resolution(List.of(), "NoMatchingPool", "no " + family + " IPPool in project "
          + poolProject + " matches poolSelector {" + selector.labelSelector() + "} and allows /"
          + length + "; waiting for one");
    }
    return new Resolution(matches, "", "");
  }

  private static String bounds(IPPool pool) {
    var policy = pool.spec().allocation();
    return "/" + (policy.minPrefixLength().isPresent() ? policy.minPrefixLength().getAsInt() : 0)
        + "-/" + (policy.maxPrefixLength().isPresent() ? policy.maxPrefixLength().getAsInt()
            : effectiveCidr(pool).family().bits());
  }

  /**
   * Applies many claims as one transaction, all or nothing, for bulk imports: every new claim is
   * bound, or none is stored. Claims that exist already and ask for the same thing are left as
   * they are (so a batch may be re-run); waiting claims in the batch are bound too.
   *
   * @return the claims as stored, in the order given
   * @throws InvalidException naming {@code claims[i]} for every bad claim, or an immutable change
   * @throws ExhaustedException if some claim cannot be bound now; nothing is stored
   * @throws NotFoundException if some claim's pool does not exist or none matches
   * @throws ForbiddenException as {@link #applyClaim} for a cross-project pool
   */
  public List<IPClaim> applyClaims(List<IPClaim> claims) {
    Objects.requireNonNull(claims, "claims");
    List<InvalidException.Violation> problems = new ArrayList<>();
    for (int i = 0; i < claims.size(); i++) {
      try {
        Validation.claim(claims.get(i));
      } catch (InvalidException e) {
        for (InvalidException.Violation v : e.violations()) {
          problems.add(new InvalidException.Violation(v.where(), "claims[" + i + "]."
              + v.field(), v.message()));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidException(problems);
    }
    // The first attempt takes every name to be new and lets the store's create check say
    // otherwise; only then are the names looked up one by one.
    java.util.concurrent.atomic.AtomicBoolean careful = new java.util.concurrent.atomic.AtomicBoolean();
    return retrying("a batch of " + claims.size() + " IPClaims", () -> {
      boolean lookUpNames = careful.getAndSet(true);
      try {
        return applyClaimsOnce(claims, lookUpNames);
      } catch (ExhaustedException e) {
        if (lookUpNames) {
          throw e;
        }
        // Perhaps some claims exist already and need no space: look before answering.
        throw new StaleWriteException("batch did not fit as all-new claims");
      }
    });
  }

  private List<IPClaim> applyClaimsOnce(List<IPClaim> input, boolean lookUpNames) {
    java.util.Map<IPClaimSpec, Resolution> resolutions = new java.util.HashMap<>();
    List<IPClaim> toBind = new ArrayList<>();
    IPClaim[] result = new IPClaim[input.size()];
    java.util.Map<IPClaim, Integer> position = new java.util.IdentityHashMap<>();
    java.util.TreeMap<String, IPPool> touched = new java.util.TreeMap<>();
    Instant now = now();
    for (int i = 0; i < input.size(); i++) {
      IPClaim claim = input.get(i);
      String project = claim.metadata().project();
      IPClaim stored = null;
      if (lookUpNames) {
        stored = store.get(IPClaim.class, project, claim.metadata().name()).orElse(null);
        if (stored == null && store.get(IPAllocation.class, project,
            IPAllocation.nameForClaim(project, claim.metadata().name())).isPresent()) {
          throw new ConflictException("claims[" + i + "]: a retained IPAllocation holds a block"
              + " for IPClaim " + claim.metadata().key() + "; apply that claim on its own to"
              + " rebind it, or delete the allocation");
        }
      }
      if (stored != null && !stored.spec().equals(claim.spec())) {
        throw new InvalidException("claims[" + i + "].spec", "IPClaim " + claim.metadata().key()
            + " exists with another spec; apply it on its own to see which field differs");
      }
      if (stored != null && stored.isBound()) {
        result[i] = stored;
        continue;
      }
      IPClaim candidate = stored != null ? stored
          : new IPClaim(claim.metadata().withIdentity(newUid(), 1, now), claim.spec(),
              IPClaimStatus.empty());
      Resolution resolution = resolutions.computeIfAbsent(claim.spec(), s -> resolve(candidate));
      if (resolution.pools.isEmpty()) {
        throw new NotFoundException("claims[" + i + "].spec: " + resolution.message);
      }
      resolution.pools.forEach(p -> touched.put(p.metadata().key(), p));
      position.put(candidate, i);
      toBind.add(candidate);
    }
    if (toBind.isEmpty()) {
      return List.of(result);
    }
    // Lock every pool involved, in key order so that batches never deadlock each other.
    List<PoolIndex> locked = new ArrayList<>();
    java.util.Map<String, PrefixAllocator> trees = new java.util.HashMap<>();
    java.util.Map<String, IPPool> livePools = new java.util.HashMap<>();
    List<Cidr> taken = new ArrayList<>();
    List<PrefixAllocator> takenFrom = new ArrayList<>();
    try {
      for (IPPool pool : touched.values()) {
        PoolIndex index = indexOf(pool.metadata().project(), pool.metadata().name());
        index.lock.lock();
        locked.add(index);
        IPPool live = store.get(IPPool.class, pool.metadata().project(), pool.metadata().name())
            .orElseThrow(() -> new StaleWriteException("pool vanished"));
        livePools.put(pool.metadata().key(), live);
        trees.put(pool.metadata().key(), fresh(index, live));
      }
      List<Write> writes = new ArrayList<>();
      List<Write> allocationWrites = new ArrayList<>();
      java.util.Set<String> used = new java.util.TreeSet<>();
      for (IPClaim claim : toBind) {
        int length = claim.spec().prefixLength().getAsInt();
        Cidr block = null;
        IPPool from = null;
        for (IPPool pool : resolutions.get(claim.spec()).pools) {
          IPPool live = livePools.get(pool.metadata().key());
          PrefixAllocator tree = trees.get(pool.metadata().key());
          try {
            block = tree.allocate(length, live.spec().allocation().strategy());
          } catch (ExhaustedException e) {
            continue;
          }
          taken.add(block);
          takenFrom.add(tree);
          from = live;
          break;
        }
        if (block == null) {
          throw new ExhaustedException("claims[" + position.get(claim) + "].spec.prefixLength:"
              + " no free /" + length + " left for IPClaim " + claim.metadata().key()
              + "; nothing in the batch was stored");
        }
        String project = claim.metadata().project();
        String poolProject = from.metadata().project();
        String allocationName = IPAllocation.nameForClaim(project, claim.metadata().name());
        PoolRef poolRef = poolProject.equals(project) ? PoolRef.of(from.metadata().name())
            : PoolRef.inProject(poolProject, from.metadata().name());
        IPClaim bound = claim.withStatus(boundStatus(block, allocationName,
            from.metadata().name(), claim.metadata().generation(), now));
        writes.add(claim.metadata().resourceVersion() == 0 ? Put.create(bound)
            : Put.replace(bound));
        allocationWrites.add(Put.create(new IPAllocation(
            ObjectMeta.of(project, allocationName).withIdentity(newUid(), 1, now),
            new IPAllocationSpec(block.family(), poolRef,
                Optional.of(new LocalRef(claim.metadata().name())), Optional.empty()),
            allocationStatus(block, now))));
        used.add(from.metadata().key());
      }
      writes.addAll(allocationWrites);
      for (String key : used) {
        IPPool live = livePools.get(key);
        writes.add(Put.replace(live.withStatus(poolStatus(live, effectiveCidr(live),
            trees.get(key), now))));
      }
      List<IpamObject> stored = store.commit(writes);
      taken.clear();
      java.util.Map<String, Integer> slot = new java.util.HashMap<>();
      position.forEach((claim, at) -> slot.put(claim.metadata().key(), at));
      for (IpamObject o : stored) {
        if (o instanceof IPPool pool) {
          indexes.get(pool.metadata().key()).version = pool.metadata().resourceVersion();
        } else if (o instanceof IPClaim c) {
          result[slot.get(c.metadata().key())] = c;
        }
      }
      return List.of(result);
    } finally {
      // Blocks of a batch that did not commit go back; the trees are then as before.
      for (int i = 0; i < taken.size(); i++) {
        takenFrom.get(i).release(taken.get(i));
      }
      for (PoolIndex index : locked) {
        index.lock.unlock();
      }
    }
  }

  /** The claim, if it exists. */
  public Optional<IPClaim> getClaim(String project, String name) {
    return store.get(IPClaim.class, project, name);
  }

  /** The claims of a project, by name. */
  public List<IPClaim> listClaims(String project) {
    return store.list(IPClaim.class, Optional.of(project));
  }

  /** The claims of every project, by project then name. */
  public List<IPClaim> listAllClaims() {
    return store.list(IPClaim.class, Optional.empty());
  }

  /**
   * Deletes a claim. Under {@code Delete} its block is freed (and waiting claims may take it);
   * under {@code Retain} its IPAllocation stays, with the claim reference cleared.
   *
   * @throws NotFoundException if there is no such claim
   */
  public void deleteClaim(String project, String name) {
    boolean freed = retrying("IPClaim " + project + "/" + name, () -> deleteClaimOnce(project, name));
    if (freed) {
      bindPendingClaims();
    }
  }

  private boolean deleteClaimOnce(String project, String name) {
    IPClaim claim = store.get(IPClaim.class, project, name).orElseThrow(() ->
        new NotFoundException("no IPClaim \"" + name + "\" in project " + project));
    Optional<IPAllocation> allocation = claim.status().boundAllocationRef().flatMap(ref ->
        store.get(IPAllocation.class, project, ref.name()));
    if (allocation.isEmpty()) {
      if (claim.isBound()) {
        // A bound claim always has its allocation; not seeing it means this read caught another
        // writer's commit half-way. Deleting the claim alone would orphan the block: re-read.
        throw new StaleWriteException("IPAllocation of " + claim.metadata().key()
            + " not visible yet");
      }
      store.commit(List.of(Delete.of(claim)));
      return false;
    }
    IPAllocation held = allocation.get();
    if (claim.spec().reclaimPolicy() == org.ipam4j.model.ReclaimPolicy.Retain) {
      IPAllocationSpec spec = held.spec();
      store.commit(List.of(Delete.of(claim), Put.replace(held.withSpec(new IPAllocationSpec(
          spec.ipFamily(), spec.poolRef(), Optional.empty(), Optional.empty())))));
      return false;
    }
    freeBlock(held, List.of(Delete.of(claim)));
    return true;
  }

  // ---- allocations ---------------------------------------------------------------------------

  /** The allocation, if it exists. */
  public Optional<IPAllocation> getAllocation(String project, String name) {
    return store.get(IPAllocation.class, project, name);
  }

  /** The allocations of a project, by name. */
  public List<IPAllocation> listAllocations(String project) {
    return store.list(IPAllocation.class, Optional.of(project));
  }

  /** The allocations of every project, by project then name. */
  public List<IPAllocation> listAllAllocations() {
    return store.list(IPAllocation.class, Optional.empty());
  }

  /**
   * Deletes a retained allocation and frees its block.
   *
   * @throws NotFoundException if there is no such allocation
   * @throws ConflictException if a claim or a child pool still holds it
   */
  public void deleteAllocation(String project, String name) {
    retrying("IPAllocation " + project + "/" + name, () -> {
      IPAllocation allocation = store.get(IPAllocation.class, project, name).orElseThrow(() ->
          new NotFoundException("no IPAllocation \"" + name + "\" in project " + project));
      if (allocation.spec().claimRef().isPresent()) {
        throw new ConflictException("IPAllocation " + project + "/" + name + " is bound to"
            + " IPClaim " + allocation.spec().claimRef().get().name() + "; delete the claim");
      }
      if (allocation.spec().childPoolRef().isPresent()) {
        throw new ConflictException("IPAllocation " + project + "/" + name + " holds the block"
            + " of child IPPool " + allocation.spec().childPoolRef().get().name()
            + "; delete that pool");
      }
      freeBlock(allocation, List.of());
      return Boolean.TRUE;
    });
    bindPendingClaims();
  }

  /**
   * Frees an allocation's block in its pool, committed atomically with {@code alsoWrite}: the claim
   * or child pool that held it.
   */
  private void freeBlock(IPAllocation allocation, List<Write> alsoWrite) {
    String project = allocation.metadata().project();
    PoolRef ref = allocation.spec().poolRef();
    String poolProject = ref.projectOr(project);
    Cidr block = allocation.status().allocatedCIDR();
    PoolIndex index = indexOf(poolProject, ref.name());
    index.lock.lock();
    try {
      store.withPoolLock(poolProject, ref.name(), () -> {
        freeBlockLocked(allocation, alsoWrite, index, poolProject, ref, block);
        return null;
      });
    } finally {
      index.lock.unlock();
    }
  }

  private void freeBlockLocked(IPAllocation allocation, List<Write> alsoWrite, PoolIndex index,
      String poolProject, PoolRef ref, Cidr block) {
    IPPool pool = store.get(IPPool.class, poolProject, ref.name()).orElseThrow(() ->
        new StaleWriteException("pool of " + allocation.metadata().key() + " vanished"));
    PrefixAllocator tree = fresh(index, pool);
    tree.release(block);
    IPPool updatedPool = pool.withStatus(poolStatus(pool, effectiveCidr(pool), tree, now()));
    List<Write> writes = new ArrayList<>(alsoWrite);
    writes.add(Delete.of(allocation));
    writes.add(Put.replace(updatedPool));
    List<IpamObject> stored;
    try {
      stored = store.commit(writes);
    } catch (RuntimeException e) {
      tree.allocateSpecific(block);
      throw e;
    }
    // The pool is written last.
    index.version = stored.get(stored.size() - 1).metadata().resourceVersion();
  }

  /**
   * Tries every waiting claim, in arrival order, after something may have made room. A claim that
   * still cannot be bound keeps waiting; one that another thread binds first is skipped.
   */
  private void bindPendingClaims() {
    for (IPClaim waiting : store.pendingClaims()) {
      try {
        retrying("IPClaim " + waiting.metadata().key(), () -> {
          Optional<IPClaim> current = store.get(IPClaim.class, waiting.metadata().project(),
              waiting.metadata().name());
          return current.isPresent() && !current.get().isBound()
              ? bindOrWait(current.get(), false) : null;
        });
      } catch (InvalidException | ForbiddenException e) {
        // The pool the claim names can never satisfy it as written (too small, another family,
        // not shared with it): say so on the claim, which keeps waiting for a change.
        try {
          retrying("IPClaim " + waiting.metadata().key(), () -> markUnsatisfiable(waiting, e));
        } catch (IpamException ignored) {
          // Deleted or changed meanwhile; the next pass will look again.
        }
      } catch (IpamException e) {
        // Lost to concurrent writers for too long; the next pass will look again.
      }
    }
  }

  private Boolean markUnsatisfiable(IPClaim waiting, IpamException why) {
    Optional<IPClaim> current = store.get(IPClaim.class, waiting.metadata().project(),
        waiting.metadata().name());
    if (current.isEmpty() || current.get().isBound()) {
      return Boolean.FALSE;
    }
    IPClaim claim = current.get();
    String reason = why instanceof ForbiddenException ? "Forbidden" : "PoolCannotSatisfy";
    Optional<Condition> ready = readyCondition(claim);
    if (ready.isPresent() && ready.get().reason().equals(reason)
        && ready.get().message().equals(why.getMessage())) {
      return Boolean.FALSE;
    }
    store.commit(List.of(Put.replace(claim.withStatus(new IPClaimStatus(ClaimPhase.Pending,
        Optional.empty(), Optional.empty(), List.of(new Condition(READY, ConditionStatus.False,
            reason, why.getMessage(), now(), claim.metadata().generation())))))));
    return Boolean.TRUE;
  }

  // ---- watch ---------------------------------------------------------------------------------

  /**
   * Calls {@code listener} with every change to every object, in commit order, on a dispatcher
   * thread of this engine (including changes other engines make to a shared store, when the store
   * reports them). A listener that throws does not stop delivery to others.
   *
   * @return closing it stops delivery to this listener
   */
  public Subscription watch(Consumer<Change> listener) {
    Objects.requireNonNull(listener, "listener");
    synchronized (watchers) {
      if (dispatcher == null) {
        dispatcher = Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "ipam4j-watch");
          t.setDaemon(true);
          return t;
        });
      }
      watchers.add(listener);
    }
    return () -> watchers.remove(listener);
  }

  private void dispatch(List<Change> changes) {
    ExecutorService executor = dispatcher;
    if (executor == null || watchers.isEmpty()) {
      return;
    }
    executor.execute(() -> {
      for (Change change : changes) {
        for (Consumer<Change> watcher : watchers) {
          try {
            watcher.accept(change);
          } catch (RuntimeException e) {
            System.getLogger(IpamEngine.class.getName()).log(System.Logger.Level.WARNING,
                "watch listener failed on " + change.type() + " "
                    + change.object().metadata().key(), e);
          }
        }
      }
    });
  }

  /** Stops watch delivery; closes the store if the engine created it. */
  @Override
  public void close() {
    storeSubscription.close();
    ExecutorService executor = dispatcher;
    if (executor != null) {
      executor.shutdown();
    }
    if (ownsStore) {
      store.close();
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  private interface Attempt<T> {
    T run();
  }

  /**
   * Runs an optimistic operation again while it loses races to other writers, for up to
   * {@link #RETRY_BUDGET_NANOS}. Between attempts it waits a random while of at most a
   * millisecond: long enough that contenders stop colliding in step, short enough that a loser is
   * not starved by winners that retry at once (a growing backoff starved one of four engines
   * sharing a pool on PostgreSQL).
   */
  private <T> T retrying(String what, Attempt<T> attempt) {
    StaleWriteException last = null;
    long deadline = System.nanoTime() + RETRY_BUDGET_NANOS;
    int attempts = 0;
    do {
      try {
        return attempt.run();
      } catch (StaleWriteException e) {
        last = e;
        attempts++;
        if (attempts > 2) {
          long ceilingMicros = 1L << Math.min(attempts, 10);
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceilingMicros) * 1000);
        }
      }
    } while (System.nanoTime() < deadline);
    throw new ConflictException(what + " kept changing under concurrent writers; gave up after "
        + attempts + " attempts in " + RETRY_BUDGET_NANOS / 1_000_000_000 + " s (last: "
        + last.getMessage() + ")");
  }

  private List<IpamObject> commitOrUndo(PoolIndex index, PrefixAllocator tree, Cidr block,
      List<Write> writes) {
    try {
      return store.commit(writes);
    } catch (RuntimeException e) {
      // The tree is exactly as it was before this allocation, so its version still holds.
      tree.release(block);
      throw e;
    }
  }

  private PoolIndex indexOf(String project, String name) {
    return indexes.computeIfAbsent(key(project, name), k -> new PoolIndex());
  }

  /**
   * Under the index lock: the allocator tree as of the pool's stored version. A tree that is
   * behind is brought forward with only the blocks written since its version; only when that does
   * not add up is it rebuilt from all of them. The check: the tree's address count must equal the
   * pool's exact {@code status.capacity.allocated}, written in the same commit as every
   * allocation; a block deleted meanwhile would leave the tree over by its size.
   */
  private PrefixAllocator fresh(PoolIndex index, IPPool pool) {
    long version = pool.metadata().resourceVersion();
    if (index.allocator != null && index.version == version) {
      return index.allocator;
    }
    String project = pool.metadata().project();
    String name = pool.metadata().name();
    Cidr cidr = effectiveCidr(pool);
    if (index.allocator != null && index.version > 0 && index.allocator.pool().equals(cidr)) {
      PoolBlocks blocks = poolBlocks(project, name, index.version, version);
      PrefixAllocator tree = index.allocator;
      try {
        for (Cidr block : blocks.writtenSince()) {
          if (!tree.isAllocated(block)) {
            tree.allocateSpecific(block);
          }
        }
        if (tree.allocatedAddresses().equals(blocks.pool().status().capacity()
            .map(Capacity::allocated).orElse(null))) {
          index.version = version;
          return tree;
        }
      } catch (ConflictException e) {
        // A block was freed and its space taken again differently: rebuild below.
      }
      index.allocator = null;
    }
    PoolBlocks all = poolBlocks(project, name, 0, version);
    index.allocator = PrefixAllocator.rebuild(cidr, all.writtenSince());
    index.version = version;
    return index.allocator;
  }

  private PoolBlocks poolBlocks(String project, String name, long since, long expectedVersion) {
    PoolBlocks blocks = store.poolBlocks(project, name, since).orElseThrow(() ->
        new StaleWriteException("IPPool " + project + "/" + name + " was deleted meanwhile"));
    if (blocks.pool().metadata().resourceVersion() != expectedVersion) {
      throw new StaleWriteException("IPPool " + project + "/" + name + " changed meanwhile");
    }
    return blocks;
  }

  private static Cidr effectiveCidr(IPPool pool) {
    return pool.status().allocatedCIDR().orElseThrow(() -> new IllegalStateException(
        "stored IPPool " + pool.metadata().key() + " has no status.allocatedCIDR"));
  }

  private IPPoolStatus poolStatus(IPPool pool, Cidr cidr, PrefixAllocator tree, Instant now) {
    java.math.BigInteger allocated = tree.allocatedAddresses();
    java.math.BigInteger total = cidr.size();
    java.math.BigInteger available = total.subtract(allocated);
    boolean exhausted = available.signum() == 0;
    List<Condition> conditions = pool.status().conditions();
    if (conditions.isEmpty()) {
      conditions = List.of(new Condition(ALLOCATED, ConditionStatus.True, "AllocationSucceeded",
          (pool.spec().isChild() ? "carved " : "allocated ") + cidr, now,
          pool.metadata().generation()));
    }
    return new IPPoolStatus(exhausted ? PoolPhase.Exhausted : PoolPhase.Ready, Optional.of(cidr),
        Optional.of(cidr.family()), Optional.of(new Capacity(total, allocated, available)),
        tree.largestFreePrefix().orElse(0), tree.utilizationPercent(), conditions);
  }

  private static IPClaimStatus boundStatus(Cidr block, String allocationName, String poolName,
      long generation, Instant now) {
    return new IPClaimStatus(ClaimPhase.Bound, Optional.of(block),
        Optional.of(new LocalRef(allocationName)), List.of(new Condition(READY,
            ConditionStatus.True, "Bound", "bound to " + block + " from IPPool " + poolName, now,
            generation)));
  }

  private static IPAllocationStatus allocationStatus(Cidr block, Instant now) {
    return new IPAllocationStatus(AllocationPhase.Ready, block, List.of(new Condition(READY,
        ConditionStatus.True, "Allocated", "allocated " + block, now, 1)));
  }

  /** Strictly increasing timestamps, so that arrival order is creation order within an engine. */
  private Instant now() {
    Instant wall = clock.instant();
    long wallNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano();
    long stamped = lastTimestamp.accumulateAndGet(wallNanos, (last, next) -> Math.max(last + 1,
        next));
    return Instant.ofEpochSecond(0, stamped);
  }

  private static String newUid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  private static boolean isDryRun(ApplyOption... options) {
    return Arrays.asList(options).contains(ApplyOption.DRY_RUN);
  }

  private static NotFoundException noPool(String project, String name) {
    return new NotFoundException("no IPPool \"" + name + "\" in project " + project);
  }

  private static String key(String project, String name) {
    return project + "/" + name;
  }
}
