package org.ipam4j.engine;

import java.util.Optional;
import org.ipam4j.ConflictException;
import org.ipam4j.NotFoundException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.ReclaimPolicy;

/**
 * Giving blocks back, as plans: deleting a claim (its block freed, quarantined or retained, as its
 * policy and its pool say), deleting an allocation by name as an operator does (a retained or
 * quarantined block, or an orphan a corrupt store left; refused while a claim, a child pool or its
 * pool's reservations still hold it), and freeing the block of an allocation that goes.
 */
final class Releases {

  private final Statuses statuses;

  Releases(Statuses statuses) {
    this.statuses = statuses;
  }

  /**
   * Plans a claim's delete. Under {@code Delete} its block is freed; under {@code Retain} its
   * allocation stays, with the claim reference cleared. A freed block is recorded on the plan
   * ({@link Plan#mayHaveRoom}).
   */
  void deleteClaim(Plan plan, String project, String name) {
    IPClaim claim =
        plan.get(IPClaim.class, project, name)
            .orElseThrow(
                () -> new NotFoundException("no IPClaim \"" + name + "\" in project " + project));
    // A bound claim that has lost its allocation (a corrupt store) is deleted alone.
    Optional<IPAllocation> allocation =
        claim.status().boundAllocationRef().isPresent()
            ? boundAllocation(plan, claim)
            : Optional.empty();
    plan.delete(claim);
    if (allocation.isEmpty()) {
      return;
    }
    IPAllocation held = allocation.get();
    if (claim.spec().reclaimPolicy() == ReclaimPolicy.Retain) {
      plan.put(Leases.retained(held, claim.metadata().key(), statuses.wallClock()));
      return;
    }
    freeBlock(plan, held, true);
  }

  /**
   * The allocation a bound claim names. Not found, it is read again (allocation before claim) a few
   * times, since reads that are not of one snapshot may have caught another writer's commit
   * half-way: a claim that changed or an allocation that appeared is a race, re-planned. Still
   * missing with the claim unchanged, it does not exist: empty.
   */
  static Optional<IPAllocation> boundAllocation(Plan plan, IPClaim claim) {
    String project = claim.metadata().project();
    String name = claim.status().boundAllocationRef().orElseThrow().name();
    Optional<IPAllocation> found = plan.get(IPAllocation.class, project, name);
    for (int i = 0; found.isEmpty() && i < 3; i++) {
      java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
      found = plan.store().get(IPAllocation.class, project, name);
      long version =
          plan.store()
              .get(IPClaim.class, project, claim.metadata().name())
              .map(c -> c.metadata().resourceVersion())
              .orElse(-1L);
      if (found.isPresent() || version != claim.metadata().resourceVersion()) {
        throw new StaleWriteException(
            "IPClaim " + claim.metadata().key() + " or its" + " allocation changed meanwhile");
      }
    }
    return found;
  }

  /** Frees an allocation's block in its pool, with whatever else the plan holds. */
  void freeBlock(Plan plan, IPAllocation allocation) {
    freeBlock(plan, allocation, false);
  }

  /**
   * Frees an allocation's block, or, with {@code quarantine} in a pool that has a {@code
   * reuseGracePeriod} (as read under its lock), keeps it out of use for that long: the re-check
   * frees it after.
   */
  private void freeBlock(Plan plan, IPAllocation allocation, boolean quarantine) {
    PoolRef ref = allocation.spec().poolRef();
    String poolProject = ref.projectOr(allocation.metadata().project());
    String poolKey = poolProject + "/" + ref.name();
    plan.atPool(
        poolProject,
        ref.name(),
        poolKey,
        () -> {
          IPPool pool =
              plan.poolAtLock(poolProject, ref.name())
                  .orElseThrow(
                      () ->
                          new StaleWriteException(
                              "pool of " + allocation.metadata().key() + " vanished"));
          Optional<java.time.Duration> grace = quarantine ? Leases.grace(pool) : Optional.empty();
          if (grace.isPresent()) {
            plan.put(Leases.quarantined(allocation, statuses.wallClock(), grace.get()));
            if (plan.single()) {
              plan.settle();
            }
            return null;
          }
          PrefixAllocator tree = plan.tree(pool, poolKey);
          plan.release(tree, allocation.status().allocatedCIDR());
          plan.mayHaveRoom(poolProject, ref.name());
          plan.delete(allocation);
          plan.poolChanged(pool, tree, statuses.now());
          if (plan.single()) {
            plan.settle();
          }
          return null;
        });
  }

  /** Plans the delete of a retained allocation, which frees its block. */
  void deleteAllocation(Plan plan, String project, String name) {
    IPAllocation allocation =
        plan.get(IPAllocation.class, project, name)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "no IPAllocation \"" + name + "\" in project " + project));
    String what = "IPAllocation " + project + "/" + name;
    if (allocation.spec().claimRef().isPresent() && boundHere(plan, allocation)) {
      throw new ConflictException(
          what
              + " is bound to"
              + " IPClaim "
              + allocation.spec().claimRef().get().name()
              + "; delete the claim");
    }
    if (allocation.spec().childPoolRef().isPresent()
        && plan.get(IPPool.class, project, allocation.spec().childPoolRef().get().name())
            .isPresent()) {
      throw new ConflictException(
          what
              + " holds the block"
              + " of child IPPool "
              + allocation.spec().childPoolRef().get().name()
              + "; delete that pool");
    }
    PoolRef ref = allocation.spec().poolRef();
    if (allocation.spec().isReservation()
        && plan.get(IPPool.class, ref.projectOr(project), ref.name())
            .filter(p -> ReservedBlocks.names(p, allocation.status().allocatedCIDR()))
            .isPresent()) {
      throw new ConflictException(
          what
              + " holds "
              + allocation.status().allocatedCIDR()
              + " for IPPool "
              + ref.name()
              + "'s spec.reservations; take the block out of the pool's reservations to free it");
    }
    if (plan.get(IPPool.class, ref.projectOr(project), ref.name()).isEmpty()) {
      plan.delete(allocation); // orphaned with its pool gone: no block to free
      return;
    }
    if (allocation.spec().isRetained()) {
      freeBlock(plan, allocation);
      return;
    }
    // Orphaned (its claim or child pool is gone): freed in the pool if the pool can be read;
    // a pool whose stored blocks are corrupt (overlapping) is read afresh after, without it.
    try {
      freeBlock(plan, allocation);
    } catch (StorageException e) {
      plan.delete(allocation);
    }
  }

  /**
   * Whether the claim an allocation names exists and is bound to it: an allocation whose claim is
   * gone, or bound elsewhere, is orphaned (a corrupt store) and may be deleted.
   */
  private static boolean boundHere(Plan plan, IPAllocation allocation) {
    String project = allocation.metadata().project();
    return plan.get(IPClaim.class, project, allocation.spec().claimRef().orElseThrow().name())
        .flatMap(c -> c.status().boundAllocationRef())
        .filter(ref -> ref.name().equals(allocation.metadata().name()))
        .isPresent();
  }
}
