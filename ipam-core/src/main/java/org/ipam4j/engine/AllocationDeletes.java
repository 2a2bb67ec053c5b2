package org.ipam4j.engine;

import org.ipam4j.ConflictException;
import org.ipam4j.NotFoundException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.PoolRef;

/**
 * Deleting an allocation by name, as an operator does: a retained or quarantined block (freed at
 * once), or an orphan a corrupt store left; refused while a claim, a child pool or its pool's
 * reservations still hold it.
 */
final class AllocationDeletes {

  private final ClaimPlanner claims;

  AllocationDeletes(ClaimPlanner claims) {
    this.claims = claims;
  }

  /** Plans the delete of a retained allocation, which frees its block. */
  void delete(Plan plan, String project, String name) {
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
      claims.freeBlock(plan, allocation);
      return;
    }
    // Orphaned (its claim or child pool is gone): freed in the pool if the pool can be read;
    // a pool whose stored blocks are corrupt (overlapping) is read afresh after, without it.
    try {
      claims.freeBlock(plan, allocation);
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
