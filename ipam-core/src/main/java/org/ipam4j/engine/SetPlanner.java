package org.ipam4j.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ipam4j.ConflictException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;

/**
 * A set of pools and claims as one plan: root pools first, then child pools (each after its parent,
 * which may be in the set), then claims, all committed together or not at all, with every problem
 * of the set reported at once.
 */
final class SetPlanner {

  /** Keys read from the store in one round trip, at most (SQLite caps a compound query at 500). */
  private static final int READ_CHUNK = 200;

  private final IpamStore store;
  private final PoolIndexes indexes;
  private final ClaimEvents events;
  private final PoolPlanner pools;
  private final ClaimPlanner claims;

  SetPlanner(
      IpamStore store,
      PoolIndexes indexes,
      ClaimEvents events,
      PoolPlanner pools,
      ClaimPlanner claims) {
    this.events = events;
    this.store = store;
    this.indexes = indexes;
    this.pools = pools;
    this.claims = claims;
  }

  SetOutcome apply(List<? extends IpamObject> objects, boolean dryRun, boolean failWhenExhausted) {
    List<Problem> invalid = new ArrayList<>();
    List<Integer> order = order(objects, invalid);
    // The first real attempt takes the set's claims to be new and lets the commit's create
    // checks say otherwise; only then, or for a dry run (which commits nothing), are they read.
    AtomicBoolean careful = new AtomicBoolean(dryRun);
    return Retry.run(
        "a set of " + objects.size() + " objects",
        indexes,
        () -> {
          try {
            return attempt(objects, order, invalid, dryRun, failWhenExhausted, careful.get());
          } catch (StaleWriteException e) {
            careful.set(true);
            throw e;
          }
        });
  }

  private SetOutcome attempt(
      List<? extends IpamObject> objects,
      List<Integer> order,
      List<Problem> invalid,
      boolean dryRun,
      boolean failWhenExhausted,
      boolean careful) {
    try (Plan plan = new Plan(store, indexes, events, dryRun, false)) {
      read(plan, objects, order, careful);
      lockPools(plan, objects, order);
      List<Applied<? extends IpamObject>> planned =
          new ArrayList<>(java.util.Collections.nCopies(objects.size(), null));
      List<Problem> problems = new ArrayList<>(invalid);
      for (int i : order) {
        IpamObject object = objects.get(i);
        try {
          planned.set(
              i,
              object instanceof IPPool pool
                  ? pools.apply(plan, pool)
                  : claims.apply(plan, (IPClaim) object, failWhenExhausted));
        } catch (StaleWriteException e) {
          throw e;
        } catch (IpamException e) {
          problems.add(new Problem(i, object, e));
        }
      }
      if (!problems.isEmpty()) {
        if (!careful) {
          throw new StaleWriteException("the set did not plan with its claims taken as new");
        }
        problems.sort(java.util.Comparator.comparingInt(Problem::index));
        return new SetOutcome(List.of(), problems);
      }
      plan.settle();
      List<Applied<IpamObject>> out = new ArrayList<>(objects.size());
      for (Applied<? extends IpamObject> a : planned) {
        out.add(new Applied<>(plan.result(a.object()), a.outcome()));
      }
      return new SetOutcome(out, List.of());
    }
  }

  /**
   * Checks each object on its own and orders the valid ones: root pools, child pools after their
   * parents, claims; objects of another kind and repeated names are problems.
   */
  private static List<Integer> order(List<? extends IpamObject> objects, List<Problem> out) {
    Map<ObjectKey, Integer> seen = new HashMap<>();
    List<Integer> roots = new ArrayList<>();
    List<Integer> children = new ArrayList<>();
    List<Integer> claimList = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      IpamObject o = objects.get(i);
      try {
        if (o instanceof IPAllocation) {
          throw new InvalidException(
              "kind", "IPAllocation objects are created by the engine and cannot be applied");
        }
        ObjectKey key = new ObjectKey(o.kind(), o.metadata().project(), o.metadata().name());
        Integer before = seen.putIfAbsent(key, i);
        if (before != null) {
          throw new ConflictException(
              "metadata.name: "
                  + o.kind()
                  + " "
                  + o.metadata().key()
                  + " is in the set twice (also objects["
                  + before
                  + "])");
        }
        if (o instanceof IPPool pool) {
          Validation.pool(pool);
          (pool.spec().isChild() ? children : roots).add(i);
        } else {
          Validation.claim((IPClaim) o);
          claimList.add(i);
        }
      } catch (IpamException e) {
        out.add(new Problem(i, o, e));
      }
    }
    List<Integer> order = new ArrayList<>(roots);
    // A child whose parent is another child of the set comes after that parent.
    Set<String> unplaced = new LinkedHashSet<>();
    children.forEach(i -> unplaced.add(objects.get(i).metadata().key()));
    List<Integer> left = children;
    while (!left.isEmpty()) {
      List<Integer> placed = new ArrayList<>();
      List<Integer> later = new ArrayList<>();
      for (int i : left) {
        IPPool child = (IPPool) objects.get(i);
        String parent =
            child.metadata().project() + "/" + child.spec().parentPoolRef().orElseThrow().name();
        (unplaced.contains(parent) && !parent.equals(child.metadata().key()) ? later : placed)
            .add(i);
      }
      if (placed.isEmpty()) {
        order.addAll(later); // a cycle: each then fails on its own, naming its missing parent
        break;
      }
      order.addAll(placed);
      placed.forEach(i -> unplaced.remove(objects.get(i).metadata().key()));
      left = later;
    }
    order.addAll(claimList);
    return order;
  }

  /** Reads what the set names, a chunk of keys a round trip (or takes its claims to be new). */
  private static void read(
      Plan plan, List<? extends IpamObject> objects, List<Integer> order, boolean careful) {
    List<ObjectKey> keys = new ArrayList<>();
    List<ObjectKey> assumed = new ArrayList<>();
    for (int i : order) {
      IpamObject o = objects.get(i);
      String project = o.metadata().project();
      ObjectKey key = new ObjectKey(o.kind(), project, o.metadata().name());
      if (o instanceof IPClaim claim) {
        ObjectKey allocation =
            ObjectKey.of(
                IPAllocation.class,
                project,
                IPAllocation.nameForClaim(project, claim.metadata().name()));
        (careful ? keys : assumed).add(key);
        (careful ? keys : assumed).add(allocation);
        claim
            .spec()
            .poolRef()
            .ifPresent(
                ref -> keys.add(ObjectKey.of(IPPool.class, ref.projectOr(project), ref.name())));
      } else {
        keys.add(key);
      }
    }
    plan.assumeAbsent(assumed);
    List<ObjectKey> distinct = new ArrayList<>(new LinkedHashSet<>(keys));
    for (int from = 0; from < distinct.size(); from += READ_CHUNK) {
      plan.prefetch(distinct.subList(from, Math.min(distinct.size(), from + READ_CHUNK)));
    }
  }

  /**
   * Takes, in key order, the index locks of every stored pool whose blocks the set may change, so
   * that sets applied at once never deadlock; a pool found later is taken only if free.
   */
  private static void lockPools(
      Plan plan, List<? extends IpamObject> objects, List<Integer> order) {
    Set<String> keys = new TreeSet<>();
    for (int i : order) {
      IpamObject o = objects.get(i);
      String project = o.metadata().project();
      if (o instanceof IPPool pool && pool.spec().isChild()) {
        keys.add(project + "/" + pool.spec().parentPoolRef().orElseThrow().name());
      } else if (o instanceof IPClaim claim) {
        claim
            .spec()
            .poolRef()
            .ifPresent(ref -> keys.add(ref.projectOr(project) + "/" + ref.name()));
        claim
            .spec()
            .poolSelector()
            .ifPresent(
                selector ->
                    plan.pools(selector.projectOr(project), selector.labelSelector())
                        .forEach(p -> keys.add(p.metadata().key())));
      }
    }
    for (String key : keys) {
      String[] parts = key.split("/", 2);
      if (plan.get(IPPool.class, parts[0], parts[1]).isPresent()) {
        plan.lock(key, true);
      }
    }
  }
}
