package org.ipam4j.engine;

import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;

/**
 * Opens one object's {@link Plan}, runs the planner's work in it and settles it: committed, or for
 * a dry run discarded, its locks let go either way; {@link Waiters} opens its plans here too. A
 * set's plan is {@link SetPlanner}'s.
 */
final class Plans {

  /** What one object's plan did: its result as stored, and whether it wrote anything. */
  record Settled<T extends IpamObject>(Applied<T> applied, boolean wrote) {}

  private final IpamStore store;
  private final PoolIndexes indexes;
  private final ClaimEvents events;

  Plans(IpamStore store, PoolIndexes indexes, ClaimEvents events) {
    this.store = store;
    this.indexes = indexes;
    this.events = events;
  }

  /** A new plan for one object's change; the caller settles and closes it. */
  Plan open(boolean dryRun) {
    return new Plan(store, indexes, events, dryRun, true);
  }

  /** One object's plan, settled (or discarded, on a dry run); the result as stored. */
  <T extends IpamObject> Applied<T> single(boolean dryRun, Function<Plan, Applied<T>> work) {
    return settle(dryRun, work).applied();
  }

  /** One object's plan, settled; the result as stored, and whether anything was written. */
  <T extends IpamObject> Settled<T> settle(boolean dryRun, Function<Plan, Applied<T>> work) {
    try (Plan plan = open(dryRun)) {
      Applied<T> planned = work.apply(plan);
      plan.settle();
      return new Settled<>(
          new Applied<>(plan.result(planned.object()), planned.outcome()), plan.changesAnything());
    }
  }

  /** Settles a plan that deletes; the pools where it may have made room for waiting claims. */
  Set<ObjectKey> settled(Consumer<Plan> work) {
    try (Plan plan = open(false)) {
      work.accept(plan);
      plan.settle();
      return plan.roomIn();
    }
  }
}
