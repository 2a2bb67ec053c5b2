package org.ipam4j.engine;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.NotFoundException;
import org.ipam4j.allocator.PoolUsage;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;
import org.jspecify.annotations.Nullable;

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
 * spec.allocation} bounds exclude the claim's prefix length, are skipped. Access to another
 * project's pool is decided on the pool as it stands when the block is taken.
 *
 * <p><b>Waiting.</b> A claim that cannot be satisfied yet (every candidate full, or none matches or
 * exists yet) is stored {@code Pending} with a {@code Ready=False} condition saying why, and is
 * bound automatically, in arrival order, as soon as space frees or a fitting pool appears. With
 * {@link Builder#failWhenExhausted(boolean)} the engine instead throws, as the reference does.
 *
 * <p><b>Where the work is.</b> This class is the facade: its length is its documentation. Each
 * method hands its work to one package-private room (which pool and access: {@code Resolver};
 * pools: {@code PoolPlanner} and {@code PoolUpdates}; claims: {@code ClaimPlanner}; deletes and
 * freed blocks: {@code Releases}; one object's plan: {@code Plans}; sets: {@code SetPlanner};
 * waiting claims: {@code Waiters}; trees and their locks: {@code PoolIndexes}; export and import:
 * {@code ExportImport}; watches: {@code Watches}; claim listeners: {@code ClaimEvents}). A change
 * to what the engine decides belongs in the collaborator.
 *
 * <p><b>Plans.</b> Every change is first decided as a plan (the writes, the result, and how to undo
 * its effect on the engine's index) and then committed to the store as one change set, or, for
 * {@link ApplyOption#DRY_RUN}, discarded: a dry run returns exactly what the real apply would.
 * {@link #applyAll} applies a whole set of pools and claims as one plan, all or nothing.
 *
 * <p><b>What the store guarantees.</b> Root pools of a project never overlap, and blocks of a pool
 * never overlap: every store refuses a commit that would break either, whoever writes, so several
 * engines, in one process or many, may share one store.
 *
 * <p><b>Thread safety.</b> Every method is thread-safe. Work on one pool is serialized by a lock
 * per pool, so claims on different pools do not wait for each other; on a lost race the engine
 * re-reads and decides again.
 *
 * <p>Every method that throws an {@link IpamException} has changed nothing, and no method throws
 * another unchecked exception but {@link NullPointerException} for a null argument.
 */
public final class IpamEngine implements AutoCloseable {

  /** The default period of the re-check of waiting claims, in seconds. */
  public static final int DEFAULT_RECHECK_SECONDS = 30;

  private static final Duration DEFAULT_RECHECK = Duration.ofSeconds(DEFAULT_RECHECK_SECONDS);

  private final IpamStore store;
  private final boolean ownsStore;
  private final boolean failWhenExhausted;
  private final PoolIndexes indexes;
  private final ClaimPlanner claims;
  private final PoolPlanner pools;
  private final SetPlanner sets;
  private final Waiters waiters;
  private final Plans plans;
  private final ExportImport transfers;
  private final Releases releases;
  private final Watches watches;
  private final ClaimEvents events = new ClaimEvents();

  /** The periodic re-check of waiting claims, if on. */
  private final java.util.concurrent.@Nullable ScheduledFuture<?> recheck;

  private IpamEngine(Builder builder) {
    this.store = builder.store == null ? IpamStore.inMemory() : builder.store;
    this.ownsStore = builder.store == null;
    this.failWhenExhausted = builder.failWhenExhausted;
    Statuses statuses = new Statuses(builder.clock);
    this.indexes = new PoolIndexes(store);
    this.claims = new ClaimPlanner(new Resolver(builder.access), statuses);
    this.releases = new Releases(statuses);
    this.pools = new PoolPlanner(statuses, releases, indexes);
    this.sets = new SetPlanner(store, indexes, events, pools, claims);
    this.plans = new Plans(store, indexes, events);
    this.waiters = new Waiters(store, indexes, plans, claims, releases, statuses);
    this.transfers = new ExportImport(store, indexes, statuses);
    this.watches = new Watches(store, builder.executor);
    // A claim left waiting by a writer that freed space and stopped before binding it (a
    // killed process) is bound at the next start of any engine, and by the periodic re-check.
    if (builder.bindWaitingOnStart) {
      waiters.bindAll();
    }
    Duration every = builder.recheckWaiting;
    this.recheck =
        every.isZero()
            ? null
            : Recheck.schedule(
                waiters, builder.scheduler == null ? Recheck.shared() : builder.scheduler, every);
  }

  /**
   * An engine over a fresh in-memory store, with the defaults.
   *
   * @return a new engine; closing it discards the store
   */
  public static IpamEngine inMemory() {
    return builder().build();
  }

  /**
   * A builder with the defaults: a new in-memory store, deny-all access, waiting claims.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Configures an {@link IpamEngine}. */
  public static final class Builder {
    private @Nullable IpamStore store;
    private AccessPolicy access = AccessPolicy.denyAll();
    private boolean failWhenExhausted;
    private Clock clock = Clock.systemUTC();
    private Duration recheckWaiting = DEFAULT_RECHECK;
    private boolean bindWaitingOnStart = true;
    private java.util.concurrent.@Nullable ScheduledExecutorService scheduler;
    private java.util.concurrent.@Nullable Executor executor;

    private Builder() {}

    /**
     * How often waiting claims are tried again, whatever this engine saw: space another process
     * freed before it could bind them (it was killed, say) is then not left idle. Default {@value
     * #DEFAULT_RECHECK_SECONDS} s; {@link Duration#ZERO} turns it off (for tests that want every
     * bind to follow from their own calls). Waiting claims are also tried when an engine starts.
     *
     * @param every the period
     * @return this builder
     * @throws IllegalArgumentException if {@code every} is negative
     */
    public Builder recheckWaiting(Duration every) {
      Objects.requireNonNull(every, "every");
      if (every.isNegative()) {
        throw new IllegalArgumentException("recheckWaiting: " + every + " is negative");
      }
      this.recheckWaiting = every;
      return this;
    }

    /**
     * Whether the engine tries every waiting claim as it starts (the default), binding what a
     * process that stopped left waiting. A short-lived reader (a command that only lists) may skip
     * it: the next engine that writes, or the periodic re-check of any engine, does it.
     *
     * @param enabled false to skip the pass
     * @return this builder
     */
    public Builder bindWaitingOnStart(boolean enabled) {
      this.bindWaitingOnStart = enabled;
      return this;
    }

    /**
     * Where {@link IpamEngine#watch watches} run: their poll of the store's change log (one long
     * task while any watch is open) and their listeners' calls (each watch's one at a time, in
     * order, whatever the executor's threads). By default, daemon threads of this engine's own,
     * started by the first watch. With this and {@link #scheduler}, the engine starts no thread of
     * its own.
     *
     * @param newExecutor the host's executor
     * @return this builder
     */
    public Builder executor(java.util.concurrent.Executor newExecutor) {
      this.executor = Objects.requireNonNull(newExecutor, "executor");
      return this;
    }

    /**
     * Where the re-check of waiting claims runs; default one daemon thread that every engine of the
     * JVM shares. The scheduler is the host's: the engine only cancels its task on close (or when
     * it is no longer reachable).
     *
     * @param newScheduler the host's scheduler
     * @return this builder
     */
    public Builder scheduler(java.util.concurrent.ScheduledExecutorService newScheduler) {
      this.scheduler = Objects.requireNonNull(newScheduler, "scheduler");
      return this;
    }

    /**
     * Where objects live; default a new in-memory store, which the engine then owns and closes.
     *
     * @param newStore the store, which the caller then owns and closes
     * @return this builder
     */
    public Builder store(IpamStore newStore) {
      this.store = Objects.requireNonNull(newStore, "store");
      return this;
    }

    /**
     * Who may claim from shared pools of other projects; default {@link AccessPolicy#denyAll()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder accessPolicy(AccessPolicy policy) {
      this.access = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * When true, a claim that cannot be satisfied now fails with {@link ExhaustedException} (or
     * {@link NotFoundException} when no pool matches) instead of waiting as {@code Pending}.
     * Default false.
     *
     * @param fail whether to fail rather than wait
     * @return this builder
     */
    public Builder failWhenExhausted(boolean fail) {
      this.failWhenExhausted = fail;
      return this;
    }

    /**
     * The clock for timestamps; default UTC system time.
     *
     * @param newClock the clock
     * @return this builder
     */
    public Builder clock(Clock newClock) {
      this.clock = Objects.requireNonNull(newClock, "clock");
      return this;
    }

    /**
     * A new engine with these settings.
     *
     * @return the engine, which binds waiting claims of the store as it starts
     */
    public IpamEngine build() {
      return new IpamEngine(this);
    }
  }

  /**
   * The store this engine works on, for this package's tests. Not public: a caller that committed
   * to it directly would change what the engine decides on behind its back.
   */
  IpamStore store() {
    return store;
  }

  /**
   * The store's latest revision: it grows with every commit, whoever makes it, so a caller can tell
   * whether anything changed between two reads.
   *
   * @return the revision; 0 for an empty store
   */
  public long revision() {
    return store.revision();
  }

  // ---- pools ---------------------------------------------------------------------------------

  /**
   * Creates or updates a pool. A root pool owns {@code spec.cidr} and may not overlap another root
   * pool of its project; a child pool carves {@code spec.prefixLength} from its parent atomically,
   * recorded as an IPAllocation. On update only labels, annotations, {@code spec.allocation},
   * {@code spec.visibility}, {@code spec.reservations} and {@code spec.maxRetentionLease} may
   * change.
   *
   * @param pool the pool as the user wrote it
   * @param options {@link ApplyOption#DRY_RUN} to decide without writing
   * @return the pool as stored, and whether it was created, configured or unchanged
   * @throws InvalidException for bad input or a change to an immutable field, naming every field
   * @throws NotFoundException if a child pool's parent does not exist
   * @throws ConflictException if a root pool would overlap another, or the name is taken
   * @throws ExhaustedException if the parent has no free block of the child's size
   */
  public Applied<IPPool> applyPool(IPPool pool, ApplyOption... options) {
    Objects.requireNonNull(pool, "pool");
    boolean dryRun = isDryRun(options);
    Validation.pool(pool);
    Applied<IPPool> applied =
        Retry.run(
            "IPPool " + pool.metadata().key(),
            indexes,
            () -> plans.single(dryRun, plan -> pools.apply(plan, pool)));
    if (!dryRun && applied.outcome() != Applied.Outcome.UNCHANGED) {
      waiters.bindFor(
          Set.of(ObjectKey.of(IPPool.class, pool.metadata().project(), pool.metadata().name())));
    }
    return applied;
  }

  /**
   * The pool, if it exists.
   *
   * @param project the pool's project
   * @param name its name
   * @return the pool, or empty
   */
  public Optional<IPPool> getPool(String project, String name) {
    return store.get(IPPool.class, project, name);
  }

  /**
   * The pools of a project, by name.
   *
   * @param project the project
   * @return the pools
   */
  public List<IPPool> listPools(String project) {
    return store.list(IPPool.class, Optional.of(project));
  }

  /**
   * The pools of a project whose labels match, by name.
   *
   * @param project the project
   * @param selector the labels the pools must match
   * @return the pools
   */
  public List<IPPool> listPools(String project, LabelSelector selector) {
    return store.pools(project, selector);
  }

  /**
   * The pools of every project, by project then name.
   *
   * @return the pools
   */
  public List<IPPool> listAllPools() {
    return store.list(IPPool.class, Optional.empty());
  }

  /**
   * Exact figures for a pool beyond its status: free blocks per prefix length, fragmentation,
   * allocated block count.
   *
   * @param project the pool's project
   * @param name its name
   * @return the figures as of the pool's stored version
   * @throws NotFoundException if there is no such pool
   */
  public PoolUsage poolUsage(String project, String name) {
    return indexes.read(project, name, PrefixAllocator::usage);
  }

  /**
   * How many blocks of {@code prefixLength} the pool could still hand out ("how many /24s can I
   * still get?").
   *
   * @param project the pool's project
   * @param name its name
   * @param prefixLength the block size asked about
   * @return the number of such blocks that fit in the free space
   * @throws NotFoundException if there is no such pool
   * @throws InvalidException if the prefix length is not valid for the pool
   */
  public BigInteger availableBlocks(String project, String name, int prefixLength) {
    return indexes.read(project, name, tree -> tree.availableBlocks(prefixLength));
  }

  /**
   * Deletes a pool that holds no allocations. Deleting a child pool frees its block in the parent.
   *
   * @param project the pool's project
   * @param name its name
   * @throws NotFoundException if there is no such pool
   * @throws ConflictException if the pool still holds allocations (claims, retained blocks or child
   *     pools)
   */
  public void deletePool(String project, String name) {
    Set<ObjectKey> roomIn =
        Retry.run(
            "IPPool " + project + "/" + name,
            indexes,
            () -> {
              List<IPAllocation> held = store.allocationsOfPool(project, name);
              return plans.settled(plan -> pools.delete(plan, project, name, held));
            });
    indexes.forget(project + "/" + name);
    waiters.bindFor(roomIn);
  }

  // ---- claims --------------------------------------------------------------------------------

  /**
   * Creates or updates a claim and binds it to a block if it can. Applying an unchanged claim again
   * returns the block it already has, never a second one. Re-creating a claim whose block was
   * retained (same name, same pool, same prefix length) binds the retained block again. On update
   * only labels, annotations, {@code ownerRef} and {@code reclaimPolicy} may change.
   *
   * @param claim the claim as the user wrote it
   * @param options {@link ApplyOption#DRY_RUN} to decide without writing
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
    if (events.isEmpty() || dryRun) {
      return applyClaimOnce(claim, dryRun);
    }
    long start = System.nanoTime();
    Applied<IPClaim> applied;
    try {
      applied = applyClaimOnce(claim, false);
    } catch (IpamException e) {
      events.refused(claim, e);
      throw e;
    }
    events.applied(applied, Duration.ofNanos(System.nanoTime() - start));
    return applied;
  }

  private Applied<IPClaim> applyClaimOnce(IPClaim claim, boolean dryRun) {
    Validation.claim(claim);
    Plans.Settled<IPClaim> settled =
        Retry.run(
            () -> "IPClaim " + claim.metadata().key(),
            indexes,
            () -> plans.settle(dryRun, plan -> claims.apply(plan, claim, failWhenExhausted)));
    Applied<IPClaim> applied = settled.applied();
    if (dryRun || applied.object().isBound() || !settled.wrote()) {
      return applied;
    }
    // Recorded as waiting: look once more, so that space freed meanwhile by another writer
    // (whose pass over waiting claims may have run before this one was stored) is not missed.
    waiters.bind(claim.metadata().project(), claim.metadata().name());
    return new Applied<>(
        store
            .get(IPClaim.class, claim.metadata().project(), claim.metadata().name())
            .orElse(applied.object()),
        applied.outcome());
  }

  /**
   * Applies many claims as one transaction, all or nothing, for bulk imports: every new claim is
   * bound, or none is stored. Claims that exist already and ask for the same thing are left as they
   * are (so a batch may be re-run); waiting claims in the batch are bound too.
   *
   * @param batch the claims
   * @return the claims as stored, in the order given
   * @throws IpamException as {@link SetOutcome#orThrow()}: of the first problem's type (an {@link
   *     ExhaustedException} if some claim cannot be bound now), naming {@code objects[i]} for every
   *     claim at fault; nothing is stored
   */
  public List<IPClaim> applyClaims(List<IPClaim> batch) {
    Objects.requireNonNull(batch, "claims");
    return events.refusals(sets.apply(batch, false, true)).orThrow().stream()
        .map(a -> (IPClaim) a.object())
        .toList();
  }

  /**
   * Applies a set of pools and claims as one unit, all or nothing: root pools, then child pools
   * (whose parents may be in the set), then claims on any of them, in one commit. A claim that
   * cannot be bound yet is stored {@code Pending}, as by {@link #applyClaim}. Every problem of the
   * set is reported at once, each with its object; then nothing is stored. A dry run returns
   * exactly what the real apply would on the same store, blocks included.
   *
   * @param objects pools and claims, in any order
   * @param options {@link ApplyOption#DRY_RUN} to decide without writing
   * @return the results, one per object in the order given, or the problems
   */
  public SetOutcome applyAll(List<? extends IpamObject> objects, ApplyOption... options) {
    Objects.requireNonNull(objects, "objects");
    boolean dryRun = isDryRun(options);
    SetOutcome outcome = sets.apply(objects, dryRun, failWhenExhausted);
    if (!dryRun) {
      waiters.bindAfter(events.refusals(outcome));
    }
    return outcome;
  }

  /**
   * Every object of one project, or of all, as {@link #importAll} takes it back: pools (parents
   * before children), allocations (claims', retained, reservations, carves) and claims, each with
   * its status. A claim of one project on another's shared pool names a pool the export of that
   * project alone does not hold.
   *
   * @param project the project, or empty for every project
   * @return the objects, in the order an import writes them
   */
  public List<IpamObject> exportAll(Optional<String> project) {
    return transfers.exportAll(Objects.requireNonNull(project, "project"));
  }

  /**
   * Recreates exported objects as they were, in one commit, all or nothing: the same blocks,
   * bindings, retained allocations, reservations, uids and creation times, nothing re-allocated.
   * The store assigns new resource versions. The set must fit together and with what the store
   * already holds, by every rule of {@link #check()}; it reads the whole store once to make sure.
   * Pending claims stay as they were exported until the next {@link #recheck()} or a change to
   * their pools tries them.
   *
   * @param objects pools, allocations and claims with their statuses, e.g. from {@link #exportAll}
   * @param options {@link ApplyOption#DRY_RUN} to check without writing
   * @return the objects as stored (for a dry run, as they would be, before resource versions)
   * @throws InvalidException naming each object of the set that is not valid
   * @throws ConflictException naming what the store already holds, or what does not fit
   */
  public List<IpamObject> importAll(List<? extends IpamObject> objects, ApplyOption... options) {
    Objects.requireNonNull(objects, "objects");
    // Pending claims stay as exported, reasons included, until the next re-check or a change to
    // their pools tries them: an import recreates, it does not decide.
    return transfers.importAll(objects, isDryRun(options));
  }

  /**
   * Runs the periodic re-check now, as the schedule set by {@link Builder#recheckWaiting} does:
   * releases retained blocks whose pool's {@code spec.maxRetentionLease} has run out (quarantining
   * them first where the pool has a {@code reuseGracePeriod}), frees quarantined blocks whose
   * period has passed, then tries every waiting claim. It never throws: what it cannot do now, the
   * next pass does. Time is the engine's clock ({@link Builder#clock}).
   */
  public void recheck() {
    waiters.recheck();
  }

  /**
   * Tells {@code listener} of the claims this engine binds, releases and refuses from now on, and
   * of how long each {@link #applyClaim} takes (what {@code ipam-micrometer} counts). Dry runs are
   * not told.
   *
   * @param listener the listener, called on the thread that did the work
   * @return closing it stops the calls
   */
  public Subscription addClaimListener(ClaimListener listener) {
    return events.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * The claim, if it exists.
   *
   * @param project the claim's project
   * @param name its name
   * @return the claim, or empty
   */
  public Optional<IPClaim> getClaim(String project, String name) {
    return store.get(IPClaim.class, project, name);
  }

  /**
   * The claims of a project, by name.
   *
   * @param project the project
   * @return the claims
   */
  public List<IPClaim> listClaims(String project) {
    return store.list(IPClaim.class, Optional.of(project));
  }

  /**
   * The claims waiting for a block ({@code Pending}), in every project, oldest first: the order in
   * which they are tried when space is freed. Read from the store's own index of waiting claims, so
   * it costs what waits, not what is stored.
   *
   * @return the waiting claims
   */
  public List<IPClaim> listWaitingClaims() {
    return store.pendingClaims();
  }

  /**
   * The claims of every project, by project then name.
   *
   * @return the claims
   */
  public List<IPClaim> listAllClaims() {
    return store.list(IPClaim.class, Optional.empty());
  }

  /**
   * Deletes a claim. Under {@code Delete} its block is freed (and waiting claims may take it);
   * under {@code Retain} its IPAllocation stays, with the claim reference cleared.
   *
   * @param project the claim's project
   * @param name its name
   * @throws NotFoundException if there is no such claim
   */
  public void deleteClaim(String project, String name) {
    waiters.bindFor(
        Retry.run(
            () -> "IPClaim " + project + "/" + name,
            indexes,
            () -> plans.settled(plan -> releases.deleteClaim(plan, project, name))));
  }

  // ---- allocations ---------------------------------------------------------------------------

  /**
   * The allocation, if it exists.
   *
   * @param project the allocation's project
   * @param name its name
   * @return the allocation, or empty
   */
  public Optional<IPAllocation> getAllocation(String project, String name) {
    return store.get(IPAllocation.class, project, name);
  }

  /**
   * The allocations of a project, by name.
   *
   * @param project the project
   * @return the allocations
   */
  public List<IPAllocation> listAllocations(String project) {
    return store.list(IPAllocation.class, Optional.of(project));
  }

  /**
   * The allocations of every project, by project then name.
   *
   * @return the allocations
   */
  public List<IPAllocation> listAllAllocations() {
    return store.list(IPAllocation.class, Optional.empty());
  }

  /**
   * Checks the store, read-only: every overlap, block outside its pool, orphaned allocation, bound
   * claim without its allocation, status that disagrees with the allocations, and row that does not
   * read back, each as one {@link StoreCheck.Finding} naming the objects. It reads the whole store
   * at once and trusts no index, so it costs memory and time in proportion to the store; it is for
   * operators and tests, not for every request.
   *
   * <p>Orphaned allocations are deleted with {@link #deleteAllocation}, bound claims without their
   * allocation with {@link #deleteClaim}, and unreadable rows with {@link #deleteUnreadable}.
   *
   * @return the findings, and how many objects were read
   */
  public StoreCheck check() {
    return Consistency.of(store.contents());
  }

  /**
   * Deletes a row that does not read back as its object (a {@link StoreCheck.Problem#UNREADABLE}
   * finding), which no other method can name. Its block, if it held one, is free once the pool is
   * next read.
   *
   * @param kind the row's kind, as stored ({@code IPClaim}, ...)
   * @param project the row's project
   * @param name the row's name
   * @throws NotFoundException if there is no such row, or it reads back (delete it as usual)
   */
  public void deleteUnreadable(String kind, String project, String name) {
    store.deleteBadRow(kind, project, name);
    indexes.readAfreshAll();
  }

  /**
   * Deletes a retained allocation and frees its block.
   *
   * @param project the allocation's project
   * @param name its name
   * @throws NotFoundException if there is no such allocation
   * @throws ConflictException if a claim or a child pool still holds it (an allocation whose claim
   *     is gone, or bound elsewhere, is orphaned, and is deleted)
   */
  public void deleteAllocation(String project, String name) {
    waiters.bindFor(
        Retry.run(
            "IPAllocation " + project + "/" + name,
            indexes,
            () -> plans.settled(plan -> releases.deleteAllocation(plan, project, name))));
  }

  // ---- watch ---------------------------------------------------------------------------------

  /**
   * Starts a watch: {@code listener} hears of every change the request asks for, from every writer
   * of the store (this engine, other engines, other processes sharing a database), in revision
   * order, each exactly once. Delivery runs on the engine's executor and never holds up a commit; a
   * listener that falls more than the request's backlog behind is told it expired.
   *
   * <pre>{@code
   * try (Subscription s = engine.watch(WatchRequest.listFirst().kinds(Kind.IPClaim), change -> {
   *   ...
   * })) { ... }
   * }</pre>
   *
   * @param request what to deliver, and whether to list first or resume from a revision
   * @param listener told of each change, of the list's end and of expiry
   * @return closing it ends the watch
   */
  public Subscription watch(WatchRequest request, WatchListener listener) {
    return watches.add(
        Objects.requireNonNull(request, "request"), Objects.requireNonNull(listener, "listener"));
  }

  /** Stops watch delivery and the re-check; closes the store if the engine created it. */
  @Override
  public void close() {
    if (recheck != null) {
      recheck.cancel(false);
    }
    watches.close();
    if (ownsStore) {
      store.close();
    }
  }

  private static boolean isDryRun(ApplyOption... options) {
    return Arrays.asList(options).contains(ApplyOption.DRY_RUN);
  }
}
