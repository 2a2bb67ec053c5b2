package org.ipam4j.store;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.StaleWriteException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.LabelSelector;

/**
 * Where the engine keeps every object: the single source of truth. The engine holds no state a
 * store does not have; its allocator trees are an index it rebuilds from {@link #allocationsOfPool}
 * whenever a pool's {@code resourceVersion} moved on without it.
 *
 * <p>Implementations must be thread-safe, and a store may be shared by several engines (in one
 * process, or in several over a database). Correctness across engines rests on {@link #commit}:
 * every change set is atomic and guarded by the versions its writer read, and every change to a
 * pool's allocations also writes the pool, so a pool's {@code resourceVersion} serializes its
 * allocations.
 *
 * <p>Separate reads need not agree with each other: two {@code get}s may see different revisions,
 * and an in-memory store may even show part of a commit that is still being applied. A caller must
 * treat what it concludes from several reads as a hint that the versions in its commit then
 * confirm, and must never act on the absence of an object that another read implies exists. {@link
 * #poolBlocks} is the one read that is consistent as a whole.
 *
 * <p>Every implementation must pass the contract test suite {@code IpamStoreContractTest} shipped
 * in ipam-core's test jar.
 */
public interface IpamStore extends AutoCloseable {

  /**
   * A store that lives in this process's memory and is lost with it; the default. It keeps its
   * change log as {@link ChangeRetention#IN_MEMORY} says.
   *
   * @return a new, empty store
   */
  static IpamStore inMemory() {
    return new InMemoryStore(ChangeRetention.IN_MEMORY);
  }

  /**
   * An in-memory store that keeps its change log as {@code retention} says.
   *
   * @param retention how long changes are kept for watches that resume
   * @return a new, empty store
   */
  static IpamStore inMemory(ChangeRetention retention) {
    return new InMemoryStore(retention);
  }

  /**
   * The object of that type, project and name, if it exists.
   *
   * @param <T> the object's type
   * @param type {@code IPPool.class}, {@code IPClaim.class} or {@code IPAllocation.class}
   * @param project the object's project
   * @param name its name
   * @return the object as last committed, or empty
   */
  <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name);

  /**
   * Several objects at once, for each key the object or empty, in the order asked: one round trip
   * where a database is behind the store. Like separate {@link #get}s, the answers need not be of
   * one revision.
   *
   * @param keys the objects wanted
   * @return one answer per key, in the order of {@code keys}
   */
  default List<Optional<IpamObject>> getAll(List<ObjectKey> keys) {
    List<Optional<IpamObject>> out = new java.util.ArrayList<>(keys.size());
    for (ObjectKey key : keys) {
      out.add(get(key.kind().type(), key.project(), key.name()).map(IpamObject.class::cast));
    }
    return out;
  }

  /**
   * All objects of a type, in one project or (empty) in all, ordered by project then name.
   *
   * @param <T> the objects' type
   * @param type {@code IPPool.class}, {@code IPClaim.class} or {@code IPAllocation.class}
   * @param project the project, or empty for every project
   * @return the objects
   */
  <T extends IpamObject> List<T> list(Class<T> type, Optional<String> project);

  /**
   * The pools of a project whose labels match, ordered by name.
   *
   * @param project the pools' project
   * @param selector the labels they must match
   * @return the pools
   */
  List<IPPool> pools(String project, LabelSelector selector);

  /**
   * Every allocation carved from the pool, in any project (claims on shared pools). The list may
   * mix revisions while other commits run; {@link #poolBlocks} is the consistent read.
   *
   * @param poolProject the pool's project
   * @param poolName the pool's name
   * @return the allocations, in any order
   */
  List<IPAllocation> allocationsOfPool(String poolProject, String poolName);

  /**
   * The pool and the blocks of its allocations whose {@code resourceVersion} is greater than {@code
   * sinceVersion} (all of them for 0), read as of one revision. This is how an engine refreshes its
   * index after another engine wrote: cheaply, with only what changed.
   *
   * @param poolProject the pool's project
   * @param poolName the pool's name
   * @param sinceVersion the highest allocation version the caller has seen; 0 for none
   * @return the pool and those blocks, or empty if the pool does not exist
   */
  Optional<PoolBlocks> poolBlocks(String poolProject, String poolName, long sinceVersion);

  /**
   * Every claim in phase {@code Pending}, in arrival order: by {@code creationTimestamp}, then
   * project, then name.
   *
   * @return every waiting claim, oldest first
   */
  List<IPClaim> pendingClaims();

  /**
   * Whether any claim may be waiting: {@code false} only when none is, so that a caller can skip
   * looking for the claims a change may help (after every claim deleted, say). The default answers
   * {@code true}; a store that can tell cheaply answers better.
   *
   * @return {@code false} if no claim is {@code Pending}; {@code true} if some may be
   */
  default boolean mayHavePendingClaims() {
    return true;
  }

  /**
   * The claims in phase {@code Pending} that wait on any of these keys ({@link WaitKeys#of}), in
   * arrival order: what a change to one pool looks at, instead of every waiting claim. The default
   * filters {@link #pendingClaims()}; a store with many waiting claims should index them.
   *
   * @param waitKeys keys as {@link WaitKeys#ofPool} gives them
   * @return the waiting claims with one of those keys, oldest first
   */
  default List<IPClaim> pendingClaims(List<String> waitKeys) {
    Set<String> wanted = Set.copyOf(waitKeys);
    List<IPClaim> out = new java.util.ArrayList<>();
    for (IPClaim claim : pendingClaims()) {
      if (wanted.contains(WaitKeys.of(claim))) {
        out.add(claim);
      }
    }
    return out;
  }

  /**
   * A stored root pool of {@code project} whose block overlaps {@code block}, if there is one (of
   * several, any one): the engine's check before it creates a root pool, which gives a conflict its
   * words (the commit still refuses an overlap, whoever writes). A store should answer in O(log n)
   * of the project's root pools; the default lists them all.
   *
   * @param project the project whose address space is asked about
   * @param block the block a new root pool would own
   * @return a root pool whose block overlaps it, or empty
   */
  default Optional<IPPool> rootPoolOverlapping(String project, Cidr block) {
    for (IPPool pool : pools(project, LabelSelector.everything())) {
      Optional<Cidr> taken = pool.rootBlock();
      if (taken.isPresent() && taken.get().overlaps(block)) {
        return Optional.of(pool);
      }
    }
    return Optional.empty();
  }

  /**
   * Applies every write or none. Each stored object gets the new store revision as its {@code
   * resourceVersion}, and the change log ({@link #changesAfter}) gets the commit's changes in the
   * same atomic step.
   *
   * <p>Whoever writes, a store refuses a commit that would leave two root pools of one project with
   * overlapping blocks, or two allocations of one pool with overlapping blocks (a root pool's block
   * is its {@code status.allocatedCIDR}, or its {@code spec.cidr} before it has one). A database
   * store has the database itself refuse them, so that no code above it can break them.
   *
   * @param writes the writes, applied in order
   * @return the objects as stored, one per {@link Write.Put}, in order
   * @throws StaleWriteException if any write's expected version does not hold, or the commit would
   *     break one of those rules; nothing is written
   */
  List<IpamObject> commit(List<Write> writes);

  /**
   * Runs {@code work} holding this pool's lock, which other engines using the same store (in this
   * process or another) also take before they allocate in the pool, so that they queue instead of
   * racing. Correctness does not rest on it (commits are version-checked either way); fairness
   * does: without it, under heavy contention on one pool, an engine can lose race after race. Locks
   * on several pools must be taken in pool-key order.
   *
   * <p>A store shared across processes bounds the wait: a lock not had in time is a {@link
   * org.ipam4j.LockTimeoutException} naming the pool, with nothing changed.
   *
   * @param <T> what the work returns
   * @param poolProject the pool's project
   * @param poolName the pool's name
   * @param work what to run while holding the lock
   * @return what {@code work} returned
   */
  <T> T withPoolLock(String poolProject, String poolName, java.util.function.Supplier<T> work);

  /**
   * Everything stored, for a consistency check: a store that keeps rows of its own (a database)
   * also reports the rows that do not read back. The default lists every kind, and has no bad rows.
   *
   * @return the objects and the bad rows
   */
  default StoreContents contents() {
    List<IpamObject> all = new java.util.ArrayList<>();
    all.addAll(list(IPPool.class, Optional.empty()));
    all.addAll(list(IPClaim.class, Optional.empty()));
    all.addAll(list(IPAllocation.class, Optional.empty()));
    return new StoreContents(all, List.of());
  }

  /**
   * Deletes a row that does not read back ({@link StoreContents#badRows()}), which no ordinary
   * write can name. A row that reads back is refused: it is deleted through the engine, which keeps
   * its pool's blocks and status right.
   *
   * @param kind the row's kind, as {@link StoreContents.BadRow#kind()} gives it
   * @param project the row's project
   * @param name the row's name
   * @throws org.ipam4j.NotFoundException if there is no such row, or it reads back
   */
  default void deleteBadRow(String kind, String project, String name) {
    throw new org.ipam4j.NotFoundException(
        "no unreadable " + kind + " \"" + name + "\" in project " + project);
  }

  /**
   * The revision of the latest commit; 0 for an empty store. Revisions only grow, but need not be
   * dense: a database sequence may give a number to a commit that then rolls back.
   *
   * @return the revision
   */
  long revision();

  /**
   * The changes of the commits after {@code revision}, oldest first, whole commits only: at most
   * {@code maxCommits} commits, fewer when no more are committed yet. Every writer's commits are
   * there, whichever process made them, each exactly once, in revision order; a commit still in
   * progress with a lower revision than one already committed is waited for, never skipped.
   *
   * @param revision the last revision the caller has seen (0 for everything kept)
   * @param maxCommits the most commits to return, at least 1
   * @return the changes, and the revision the caller has now seen
   * @throws org.ipam4j.ExpiredException if changes after {@code revision} are no longer kept (see
   *     {@link ChangeRetention})
   */
  default ChangePage changesAfter(long revision, int maxCommits) {
    return changesAfter(
        revision, maxCommits, java.util.EnumSet.allOf(Kind.class), Optional.empty());
  }

  /**
   * {@link #changesAfter(long, int)}, keeping only the changes to objects of these kinds (and
   * project): what a watcher would drop anyway, a store need not even decode. {@link
   * ChangePage#through()} is as for every change.
   *
   * @param revision the last revision the caller has seen (0 for everything kept)
   * @param maxCommits the most commits to read, at least 1
   * @param kinds the kinds wanted
   * @param project one project, or empty for all
   * @return the changes wanted, and the revision the caller has now seen
   * @throws org.ipam4j.ExpiredException if changes after {@code revision} are no longer kept
   */
  ChangePage changesAfter(long revision, int maxCommits, Set<Kind> kinds, Optional<String> project);

  /**
   * A revision up to which every commit is settled, committed or abandoned: a watch that starts
   * after it misses no commit still in progress. Where commits take their revisions in commit order
   * (the in-memory store, SQLite) it is {@link #revision()}; on PostgreSQL it is just below the
   * lowest revision still held by a transaction in progress.
   *
   * @return the revision
   */
  default long settledRevision() {
    return revision();
  }

  /**
   * The objects of the given kinds (in one project, or all) exactly as of one revision, for a watch
   * that lists before it watches: {@code changesAfter(snapshot.revision())} then gives every later
   * change and none that the snapshot already shows.
   *
   * @param kinds the kinds wanted
   * @param project one project, or empty for all
   * @return the objects, by kind, then project, then name, and their revision
   */
  StoreSnapshot snapshot(Set<Kind> kinds, Optional<String> project);

  /**
   * Waits until a commit after {@code revision} may have happened, in this process or (for a shared
   * store) in another, or until {@code timeout} passes. It may return early; the caller then reads
   * {@link #changesAfter} and finds out.
   *
   * @param revision the last revision the caller has seen
   * @param timeout the longest to wait
   * @throws InterruptedException if the waiting thread is interrupted
   */
  void awaitChange(long revision, java.time.Duration timeout) throws InterruptedException;

  /** Releases the store's resources; the in-memory store has none. */
  @Override
  void close();
}
