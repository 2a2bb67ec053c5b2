package org.ipam4j.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.ipam4j.ConflictException;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.ObjectKey;
import org.ipam4j.store.WaitKeys;

/**
 * The waiting claims: after anything that may make room, each is tried again, in arrival order. A
 * claim that still cannot be bound keeps waiting; one another writer binds first is skipped.
 */
final class Waiters {

  private final IpamStore store;
  private final PoolIndexes indexes;
  private final Plans plans;
  private final ClaimPlanner claims;
  private final Releases releases;
  private final Statuses statuses;

  Waiters(
      IpamStore store,
      PoolIndexes indexes,
      Plans plans,
      ClaimPlanner claims,
      Releases releases,
      Statuses statuses) {
    this.plans = plans;
    this.store = store;
    this.indexes = indexes;
    this.claims = claims;
    this.releases = releases;
    this.statuses = statuses;
  }

  /**
   * Tries every waiting claim, at start and on the re-check schedule (space freed by a process that
   * stopped before its own pass). It never fails its caller: the commit before it stands, and a
   * claim it could not bind now waits for the next pass (of this engine or another).
   */
  void bindAll() {
    bindEach(store::pendingClaims);
  }

  /**
   * The periodic re-check: ends the retentions and quarantines that have run out (in the pools that
   * have a lease or a grace period: a store without either reads nothing more than its pools), then
   * tries every waiting claim. Like {@link #bindAll}, it never fails its caller.
   */
  void recheck() {
    try {
      Instant now = statuses.wallClock();
      for (IPPool pool : store.list(IPPool.class, Optional.empty())) {
        if (Leases.lease(pool).isEmpty() && pool.spec().allocation().reuseGracePeriod().isEmpty()) {
          continue;
        }
        for (IPAllocation a :
            store.allocationsOfPool(pool.metadata().project(), pool.metadata().name())) {
          if (a.spec().isRetained() && Leases.due(a, pool, now) != Leases.Due.NOTHING) {
            end(a.metadata().project(), a.metadata().name(), now);
          }
        }
      }
    } catch (RuntimeException e) {
      System.getLogger(IpamEngine.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "could not end retained or quarantined blocks; the next pass will try again",
              e);
    }
    bindAll();
  }

  /** Ends one retained or quarantined allocation that is due, as read again. */
  private void end(String project, String name, Instant now) {
    try {
      Retry.run(
          "IPAllocation " + project + "/" + name,
          indexes,
          () -> {
            try (Plan plan = plans.open(false)) {
              Optional<IPAllocation> current = plan.get(IPAllocation.class, project, name);
              if (current.isEmpty() || !current.get().spec().isRetained()) {
                return null;
              }
              IPAllocation a = current.get();
              Optional<IPPool> pool =
                  plan.get(
                      IPPool.class,
                      a.spec().poolRef().projectOr(project),
                      a.spec().poolRef().name());
              Leases.Due due =
                  pool.isPresent() ? Leases.due(a, pool.get(), now) : Leases.Due.NOTHING;
              if (due == Leases.Due.QUARANTINE) {
                plan.put(Leases.quarantined(a, now, Leases.grace(pool.get()).orElseThrow()));
                plan.settle();
              } else if (due == Leases.Due.RELEASE) {
                releases.freeBlock(plan, a);
                plan.settle();
              }
              return null;
            }
          });
    } catch (IpamException e) {
      // changed meanwhile, or lost to other writers; the next pass looks again
    }
  }

  /** After a set's commit: tries the waiting claims that could draw from the pools it changed. */
  void bindAfter(SetOutcome outcome) {
    if (!outcome.isApplied()) {
      return;
    }
    Set<ObjectKey> changed = new java.util.LinkedHashSet<>();
    for (Applied<IpamObject> a : outcome.applied()) {
      if (a.object() instanceof IPPool p && a.outcome() != Applied.Outcome.UNCHANGED) {
        changed.add(ObjectKey.of(IPPool.class, p.metadata().project(), p.metadata().name()));
      }
    }
    bindFor(changed);
  }

  /**
   * Tries, in arrival order, the waiting claims that could draw from these pools, after a commit
   * that may have made room in them (freed a block, created or changed the pool): a change costs
   * the claims it may help, not every claim waiting elsewhere. Like {@link #bindAll}, it never
   * fails its caller.
   */
  void bindFor(java.util.Collection<ObjectKey> pools) {
    // No claim waiting now: none to try. One stored waiting after this check looks once more
    // itself (IpamEngine.applyClaimOnce), as it does for a pass that ran before it was stored.
    if (pools.isEmpty() || !store.mayHavePendingClaims()) {
      return;
    }
    bindEach(
        () -> {
          List<String> keys = new ArrayList<>();
          for (ObjectKey pool : pools) {
            store
                .get(IPPool.class, pool.project(), pool.name())
                .ifPresent(p -> keys.addAll(WaitKeys.ofPool(p)));
          }
          return keys.isEmpty() ? List.of() : store.pendingClaims(keys);
        });
  }

  private void bindEach(Supplier<List<IPClaim>> waitingClaims) {
    try {
      for (IPClaim waiting : waitingClaims.get()) {
        bind(waiting.metadata().project(), waiting.metadata().name());
      }
    } catch (RuntimeException e) {
      System.getLogger(IpamEngine.class.getName())
          .log(
              System.Logger.Level.WARNING,
              "could not bind waiting claims; the next pass will try again",
              e);
    }
  }

  /** Tries one stored, unbound claim again; its failures stay on the claim, never thrown. */
  void bind(String project, String name) {
    String what = "IPClaim " + project + "/" + name;
    try {
      Retry.run(
          what,
          indexes,
          () -> {
            try (Plan plan = plans.open(false)) {
              Optional<IPClaim> current = plan.get(IPClaim.class, project, name);
              if (current.isPresent() && !current.get().isBound()) {
                claims.bindOrWait(plan, current.get(), false);
                plan.settle();
              }
              return null;
            }
          });
    } catch (InvalidException | ForbiddenException | ConflictException e) {
      // The pool the claim names can never satisfy it as written (too small, another family,
      // not shared with it): say so on the claim, which keeps waiting for a change.
      try {
        Retry.run(what, indexes, () -> markUnsatisfiable(project, name, e));
      } catch (IpamException ignored) {
        // Deleted or changed meanwhile; the next pass will look again.
      }
    } catch (IpamException e) {
      // Lost to concurrent writers for too long; the next pass will look again.
    }
  }

  private Boolean markUnsatisfiable(String project, String name, IpamException why) {
    try (Plan plan = plans.open(false)) {
      Optional<IPClaim> current = plan.get(IPClaim.class, project, name);
      if (current.isEmpty() || current.get().isBound()) {
        return Boolean.FALSE;
      }
      IPClaim claim = current.get();
      String reason =
          why instanceof ForbiddenException
              ? "Forbidden"
              : why instanceof ConflictException ? "AddressInUse" : "PoolCannotSatisfy";
      String message = String.valueOf(why.getMessage());
      if (Statuses.waitsFor(claim, reason, message)) {
        return Boolean.FALSE;
      }
      plan.put(
          claim.withStatus(
              Statuses.pending(reason, message, claim.metadata().generation(), statuses.now())));
      plan.settle();
      return Boolean.TRUE;
    }
  }
}
