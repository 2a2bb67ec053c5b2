package org.ipam4j.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.ipam4j.StaleWriteException;
import org.ipam4j.internal.Parts;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.watch.Change;
import org.jspecify.annotations.Nullable;

/**
 * The default store. Reads are lock-free over concurrent maps of immutable records; commits are
 * serialized by one short monitor that checks versions, applies the writes and tells listeners.
 * Pools are also indexed by label so that selector queries touch only candidate pools.
 *
 * <p>One file on purpose: reads, the commit and the indexes a commit keeps all share the same maps
 * and the one monitor. In order: reads, then {@link #commit} with the checks every store keeps
 * (root pools, blocks of a pool), then the change log's reads ({@link MemoryChangeLog} holds it),
 * then the indexes; the waiting claims are {@link PendingClaims} and the block indexes {@link
 * BlockSpace}.
 */
final class InMemoryStore implements IpamStore {

  /** Project, then name; a project or name shared by both (the commonest case) is not compared. */
  private static int byKey(ObjectMeta x, ObjectMeta y) {
    int c = x.project() == y.project() ? 0 : x.project().compareTo(y.project());
    return c != 0 || x.name() == y.name() ? c : x.name().compareTo(y.name());
  }

  private static final Comparator<IpamObject> BY_KEY = (a, b) -> byKey(a.metadata(), b.metadata());

  /** Objects as kept ({@link StoredAllocation#of}), by key. */
  private static final Comparator<Object> KEPT_BY_KEY =
      (a, b) -> byKey(StoredAllocation.metadataOf(a), StoredAllocation.metadataOf(b));

  /**
   * Per kind: project, then name, to object, as {@link StoredAllocation#of} keeps it. Hash maps:
   * gets are hot, sorted lists are rare.
   */
  private final Map<Kind, Map<String, Map<String, Object>>> objects = new EnumMap<>(Kind.class);

  InMemoryStore(ChangeRetention retention) {
    this.log = new MemoryChangeLog(retention);
    for (Kind kind : Kind.values()) {
      objects.put(kind, new ConcurrentHashMap<>());
    }
  }

  /** Pool project to {@code key=value} to the names of pools with that label. */
  private final Map<String, Map<String, Set<String>>> poolsByLabel = new ConcurrentHashMap<>();

  private final PendingClaims pending = new PendingClaims();

  private final Object commitLock = new Object();

  /** The change log; under {@link #commitLock}. */
  private final MemoryChangeLog log;

  /** Told of each commit when a thread waits in {@link #awaitChange}. */
  private final Object changed = new Object();

  private volatile int waiting;
  private final Map<String, java.util.concurrent.locks.ReentrantLock> poolLocks =
      new ConcurrentHashMap<>();

  /** The blocks that must never overlap (root pools, a pool's allocations); under the lock. */
  private final BlockSpaces spaces = new BlockSpaces(this::current);

  private volatile long revision;

  @Override
  public <T extends IpamObject> Optional<T> get(Class<T> type, String project, String name) {
    Map<String, Object> inProject = objectsOf(Kind.of(type)).get(project);
    Object kept = inProject == null ? null : inProject.get(name);
    return kept == null ? Optional.empty() : Optional.of(type.cast(StoredAllocation.open(kept)));
  }

  @Override
  public <T extends IpamObject> List<T> list(Class<T> type, Optional<String> project) {
    Map<String, Map<String, Object>> byProject = objectsOf(Kind.of(type));
    List<Object> kept = new ArrayList<>();
    if (project.isPresent()) {
      Map<String, Object> inProject = byProject.get(project.get());
      if (inProject != null) {
        kept.addAll(inProject.values());
      }
    } else {
      byProject.values().forEach(inProject -> kept.addAll(inProject.values()));
    }
    // Sorted as kept, then opened in order: an allocation is made again only once it has its place.
    kept.sort(KEPT_BY_KEY);
    List<T> out = new ArrayList<>(kept.size());
    for (Object o : kept) {
      out.add(type.cast(StoredAllocation.open(o)));
    }
    return out;
  }

  @Override
  public List<IPPool> pools(String project, LabelSelector selector) {
    Map<String, Object> inProject = objectsOf(Kind.IPPool).get(project);
    if (inProject == null) {
      return List.of();
    }
    Map.Entry<String, String> first =
        selector.matchLabels().entrySet().stream().findFirst().orElse(null);
    Iterable<String> names =
        first == null
            ? inProject.keySet()
            : poolsByLabel
                .getOrDefault(project, Map.of())
                .getOrDefault(first.getKey() + "=" + first.getValue(), Set.of());
    List<IPPool> out = new ArrayList<>();
    for (String name : names) {
      if (inProject.get(name) instanceof IPPool pool
          && selector.matches(pool.metadata().labels())) {
        out.add(pool);
      }
    }
    out.sort(BY_KEY);
    return out;
  }

  @Override
  public List<IPAllocation> allocationsOfPool(String poolProject, String poolName) {
    synchronized (commitLock) {
      List<IPAllocation> out = new ArrayList<>();
      for (Object kept : spaces.heldIn(poolProject, poolName)) {
        out.add((IPAllocation) StoredAllocation.open(kept));
      }
      return out;
    }
  }

  @Override
  public Optional<PoolBlocks> poolBlocks(String poolProject, String poolName, long sinceVersion) {
    synchronized (commitLock) {
      return get(IPPool.class, poolProject, poolName)
          .map(
              pool -> {
                List<org.ipam4j.net.Cidr> written = new ArrayList<>();
                for (Object kept : spaces.heldIn(poolProject, poolName)) {
                  if (StoredAllocation.metadataOf(kept).resourceVersion() > sinceVersion) {
                    written.add(StoredAllocation.blockOf(kept));
                  }
                }
                return new PoolBlocks(pool, written);
              });
    }
  }

  @Override
  public <T> T withPoolLock(
      String poolProject, String poolName, java.util.function.Supplier<T> work) {
    java.util.concurrent.locks.ReentrantLock lock =
        poolLocks.computeIfAbsent(
            poolProject + "/" + poolName, k -> new java.util.concurrent.locks.ReentrantLock(true));
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean mayHavePendingClaims() {
    return !pending.isEmpty();
  }

  @Override
  public List<IPClaim> pendingClaims() {
    return pending.all();
  }

  @Override
  public List<IPClaim> pendingClaims(List<String> waitKeys) {
    return pending.waitingOn(waitKeys);
  }

  @Override
  public Optional<IPPool> rootPoolOverlapping(String project, Cidr block) {
    synchronized (commitLock) {
      return spaces
          .rootPoolOverlapping(project, block)
          .flatMap(name -> get(IPPool.class, project, name));
    }
  }

  @Override
  public List<IpamObject> commit(List<Write> writes) {
    synchronized (commitLock) {
      for (Write w : writes) {
        Object current = kept(w.kind(), w.project(), w.name());
        long actual = current == null ? 0 : StoredAllocation.metadataOf(current).resourceVersion();
        if (actual != w.expectedVersion() || (w instanceof Write.Delete && current == null)) {
          throw new StaleWriteException(
              w.kind()
                  + " "
                  + w.project()
                  + "/"
                  + w.name()
                  + " is at version "
                  + actual
                  + ", not "
                  + w.expectedVersion());
        }
      }
      spaces.check(writes);
      long next = revision + 1;
      List<IpamObject> stored = new ArrayList<>();
      List<Change> changes = new ArrayList<>(writes.size());
      for (Write w : writes) {
        IpamObject previous = current(w.kind(), w.project(), w.name());
        boolean sameLabels =
            previous instanceof IPPool
                && w instanceof Write.Put put0
                && Parts.metadata(previous).labels().equals(Parts.metadata(put0.object()).labels());
        if (previous != null && !sameLabels) {
          unindex(previous);
        }
        spaces.moveRoot(
            w.project(),
            w.name(),
            previous == null ? Optional.empty() : BlockSpace.rootBlock(previous),
            w instanceof Write.Put p ? BlockSpace.rootBlock(p.object()) : Optional.empty());
        if (w instanceof Write.Put put) {
          IpamObject object =
              Parts.withMetadata(
                  put.object(), Parts.metadata(put.object()).withResourceVersion(next));
          Object kept = StoredAllocation.of(object);
          objectsOf(w.kind())
              .computeIfAbsent(w.project(), p -> new ConcurrentHashMap<>())
              .put(w.name(), kept);
          if (!sameLabels) {
            index(object, kept);
          }

          stored.add(object);
          changes.add(
              new Change(
                  previous == null ? Change.Type.ADDED : Change.Type.MODIFIED, object, next));
        } else {
          Map<String, Object> inProject = objectsOf(w.kind()).get(w.project());
          if (inProject != null) {
            inProject.remove(w.name());
          }
          // A delete passed the version check above, so there was an object.
          changes.add(
              new Change(
                  Change.Type.DELETED,
                  java.util.Objects.requireNonNull(previous, "deleted object"),
                  next));
        }
      }
      revision = next;
      log(next, changes);
      return stored;
    }
  }

  @Override
  public long revision() {
    return revision;
  }

  /** Appends a commit to the change log and wakes waiters. */
  private void log(long next, List<Change> changes) {
    log.append(next, changes);
    if (waiting > 0) {
      synchronized (changed) {
        changed.notifyAll();
      }
    }
  }

  @Override
  public ChangePage changesAfter(
      long after, int maxCommits, Set<Kind> kinds, Optional<String> project) {
    if (maxCommits < 1) {
      throw new IllegalArgumentException("maxCommits " + maxCommits + " < 1");
    }
    synchronized (commitLock) {
      return log.after(after, maxCommits, kinds, project, revision);
    }
  }

  @Override
  public StoreSnapshot snapshot(Set<Kind> kinds, Optional<String> project) {
    synchronized (commitLock) {
      List<IpamObject> out = new ArrayList<>();
      for (Kind kind : Kind.values()) {
        if (kinds.contains(kind)) {
          out.addAll(list(kind.type(), project));
        }
      }
      return new StoreSnapshot(out, revision);
    }
  }

  @Override
  public void awaitChange(long after, java.time.Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (changed) {
      waiting++;
      try {
        while (revision <= after) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return;
          }
          java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(changed, left);
        }
      } finally {
        waiting--;
      }
    }
  }

  @Override
  public void close() {}

  private @Nullable IpamObject current(Kind kind, String project, String name) {
    Object kept = kept(kind, project, name);
    return kept == null ? null : StoredAllocation.open(kept);
  }

  /** The object as kept ({@link StoredAllocation#of}), or null. */
  private @Nullable Object kept(Kind kind, String project, String name) {
    Map<String, Object> inProject = objectsOf(kind).get(project);
    return inProject == null ? null : inProject.get(name);
  }

  /** Indexes {@code object}, written and kept as {@code kept}. */
  private void index(IpamObject object, Object kept) {
    if (object instanceof IPAllocation a) {
      spaces.addAllocation(a, kept);
    } else if (object instanceof IPClaim c) {
      if (c.status().phase() == ClaimPhase.Pending) {
        pending.add(c);
      }
    } else if (object instanceof IPPool p) {
      Map<String, Set<String>> byLabel =
          poolsByLabel.computeIfAbsent(p.metadata().project(), k -> new ConcurrentHashMap<>());
      p.metadata()
          .labels()
          .forEach(
              (k, v) ->
                  byLabel
                      .computeIfAbsent(k + "=" + v, x -> ConcurrentHashMap.newKeySet())
                      .add(p.metadata().name()));
    }
  }

  private void unindex(IpamObject object) {
    if (object instanceof IPAllocation a) {
      spaces.removeAllocation(a);
    } else if (object instanceof IPClaim c) {
      pending.remove(c);
    } else if (object instanceof IPPool p) {
      Map<String, Set<String>> byLabel = poolsByLabel.get(p.metadata().project());
      if (byLabel != null) {
        p.metadata()
            .labels()
            .forEach(
                (k, v) -> {
                  Set<String> names = byLabel.get(k + "=" + v);
                  if (names != null) {
                    names.remove(p.metadata().name());
                  }
                });
      }
    }
  }

  private Map<String, Map<String, Object>> objectsOf(Kind kind) {
    return java.util.Objects.requireNonNull(objects.get(kind), "every kind has its map");
  }
}
