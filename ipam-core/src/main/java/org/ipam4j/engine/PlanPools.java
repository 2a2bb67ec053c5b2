package org.ipam4j.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.net.Cidr;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.jspecify.annotations.Nullable;

/**
 * The pools of a {@link Plan} as it leaves the store: the store's, with what the plan staged over
 * them, for choosing a claim's pool by selector and checking a new root pool for overlap. A set's
 * plan indexes the pools it stages (by project, and its root blocks in {@link StagedRoots}); one
 * change looks through its few staged objects instead.
 */
final class PlanPools {

  private final IpamStore store;
  private final SmallMap<ObjectKey, Staged> objects;
  private final boolean single;

  /** What the store answered to {@link #matching}, by project and selector (sets only). */
  private Map<String, List<IPPool>> storePools = Map.of();

  /** Project to the names of the pools a set's plan writes. */
  private Map<String, Set<String>> stagedPools = Map.of();

  /** The root pools a set's plan writes; made on first use. */
  private @Nullable StagedRoots stagedRoots;

  /**
   * @param objects the plan's staged objects, shared: read here, and added to as pools are read
   */
  PlanPools(IpamStore store, SmallMap<ObjectKey, Staged> objects, boolean single) {
    this.store = store;
    this.objects = objects;
    this.single = single;
  }

  /** The pools of a project whose labels match, by name. */
  List<IPPool> matching(String project, LabelSelector selector) {
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
    Map<String, IPPool> byName = new TreeMap<>();
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

  /** The pools of a project the plan writes: indexed for a set, looked through for one change. */
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
          names = new TreeSet<>();
        }
        names.add(key.name());
      }
    }
    return names;
  }

  /**
   * A root pool of the project whose block overlaps {@code block}: one floor lookup among the root
   * pools the plan stages, one question to the store for the rest, so that creating a root pool
   * costs O(log n) in the project's pools.
   */
  Optional<IPPool> rootOverlapping(String project, Cidr block) {
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
    IPPool found = stored.get();
    Staged mine =
        objects.get(
            ObjectKey.of(IPPool.class, found.metadata().project(), found.metadata().name()));
    if (mine == null || !mine.written()) {
      return stored;
    }
    // The plan changed or deleted the pool the store named: look through them all.
    for (IPPool p : matching(project, LabelSelector.everything())) {
      Optional<Cidr> taken = p.rootBlock();
      if (taken.isPresent() && taken.get().overlaps(block)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /**
   * A set's plan staged a pool ({@code now}) or its delete ({@code now} null) over what it had
   * staged before for that key ({@code was}, if anything).
   */
  void staged(ObjectKey key, @Nullable Staged was, @Nullable IpamObject now) {
    if (stagedPools.isEmpty()) {
      stagedPools = new HashMap<>();
    }
    stagedPools.computeIfAbsent(key.project(), p -> new TreeSet<>()).add(key.name());
    Optional<Cidr> before =
        was == null || !was.written()
            ? Optional.empty()
            : was.object().flatMap(o -> o instanceof IPPool p ? p.rootBlock() : Optional.empty());
    StagedRoots roots = stagedRoots;
    if (roots == null) {
      roots = new StagedRoots();
      stagedRoots = roots;
    }
    if (now instanceof IPPool pool) {
      roots.moved(pool, before);
    } else {
      roots.removed(key.project(), before);
    }
  }
}
