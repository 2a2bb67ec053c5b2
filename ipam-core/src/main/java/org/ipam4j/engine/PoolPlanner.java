package org.ipam4j.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.NotFoundException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IPPoolStatus;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.PoolRef;
import org.ipam4j.net.Cidr;

/**
 * Pools: creating root and child pools and deleting them, as plans; updates are {@link
 * PoolUpdates}'.
 */
final class PoolPlanner {

  private final Statuses statuses;
  private final Releases releases;
  private final PoolUpdates updates;

  PoolPlanner(Statuses statuses, Releases releases, PoolIndexes indexes) {
    this.statuses = statuses;
    this.releases = releases;
    this.updates = new PoolUpdates(statuses, indexes);
  }

  Applied<IPPool> apply(Plan plan, IPPool input) {
    String project = input.metadata().project();
    String name = input.metadata().name();
    Optional<IPPool> existing = plan.get(IPPool.class, project, name);
    if (existing.isPresent()) {
      return updates.update(plan, existing.get(), input);
    }
    return input.spec().isChild() ? createChild(plan, input) : createRoot(plan, input);
  }

  /**
   * A root pool may not overlap another root pool of its project. The check here gives the error
   * its words; the store's commit is what guarantees it, whoever writes.
   */
  private Applied<IPPool> createRoot(Plan plan, IPPool input) {
    String project = input.metadata().project();
    Cidr cidr = Cidr.parse("spec.cidr", input.spec().cidr().orElseThrow());
    Optional<IPPool> overlapping = plan.rootPoolOverlapping(project, cidr);
    if (overlapping.isPresent()) {
      IPPool other = overlapping.get();
      Optional<Cidr> taken = other.rootBlock();
      if (taken.isPresent()) {
        throw new ConflictException(
            "spec.cidr: "
                + cidr
                + " overlaps IPPool "
                + other.metadata().name()
                + " ("
                + taken.get()
                + ") in project "
                + project);
      }
    }
    List<Cidr> reserved = ReservedBlocks.of(input.spec().reservations(), cidr);
    Instant now = statuses.now();
    IPPoolSpec spec = input.spec().withIpFamily(cidr.family());
    // Stored as its canonical text, so that every spelling of one block compares equal.
    spec =
        new IPPoolSpec(
            Optional.of(cidr.toString()),
            spec.ipFamily(),
            spec.parentPoolRef(),
            spec.prefixLength(),
            spec.allocation(),
            spec.visibility(),
            ReservedBlocks.canonical(spec.reservations()),
            spec.maxRetentionLease());
    IPPool created =
        new IPPool(
            input.metadata().withIdentity(Statuses.newUid(), 1, now), spec, IPPoolStatus.empty());
    created = created.withStatus(Statuses.pool(created, cidr, new PrefixAllocator(cidr), now));
    plan.put(created);
    if (!reserved.isEmpty()) {
      PrefixAllocator tree = plan.tree(created, created.metadata().key());
      ReservedBlocks.reserveInNewPool(plan, created, tree, reserved, now);
      plan.poolChanged(created, tree, now);
    }
    plan.mayHaveRoom(project, input.metadata().name());
    return new Applied<>(created, Applied.Outcome.CREATED);
  }

  /** A child pool carves its block from its parent, recorded as an IPAllocation. */
  private Applied<IPPool> createChild(Plan plan, IPPool input) {
    String project = input.metadata().project();
    String parentName = input.spec().parentPoolRef().orElseThrow().name();
    int length = input.spec().prefixLength().orElseThrow();
    IPPool parent =
        plan.get(IPPool.class, project, parentName)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "spec.parentPoolRef.name: no IPPool \""
                            + parentName
                            + "\" in project "
                            + project));
    Cidr parentCidr = Statuses.cidrOf(parent);
    if (!parentCidr.family().isValidPrefixLength(length)) {
      throw new InvalidException(
          "spec.prefixLength",
          length
              + " is not a valid "
              + parentCidr.family()
              + " prefix length (0-"
              + parentCidr.family().bits()
              + ")");
    }
    if (length < parentCidr.prefixLength()) {
      throw new InvalidException(
          "spec.prefixLength",
          "/"
              + length
              + " is larger than the parent IPPool "
              + parentName
              + " ("
              + parentCidr
              + ")");
    }
    if (!parent.spec().allocation().allows(length)) {
      // A carve is a block taken from the parent like any claim's, under the same bounds.
      throw new InvalidException(
          "spec.prefixLength",
          length
              + " is outside the parent IPPool "
              + parentName
              + "'s allowed range "
              + Resolver.bounds(parent));
    }
    String parentKey = project + "/" + parentName;
    return plan.atPool(
        project,
        parentName,
        parentKey,
        () -> {
          IPPool live =
              plan.poolAtLock(project, parentName)
                  .orElseThrow(() -> new StaleWriteException("parent pool vanished"));
          PrefixAllocator parentTree = plan.tree(live, parentKey);
          Cidr carve =
              plan.allocate(parentTree, length, live.spec().allocation().strategy())
                  .orElseThrow(
                      () ->
                          new ExhaustedException(
                              "spec.prefixLength: no free /"
                                  + length
                                  + " left in parent IPPool "
                                  + parentName
                                  + " ("
                                  + parentCidr
                                  + ")"));
          // Checked against the carved block before anything is staged: a bad reservation
          // leaves the parent as it was (the plan puts the carve back).
          List<Cidr> reserved = ReservedBlocks.of(input.spec().reservations(), carve);
          Instant now = statuses.now();
          IPPool child =
              new IPPool(
                  input.metadata().withIdentity(Statuses.newUid(), 1, now),
                  input
                      .spec()
                      .withReservations(ReservedBlocks.canonical(input.spec().reservations())),
                  IPPoolStatus.empty());
          child = child.withStatus(Statuses.pool(child, carve, new PrefixAllocator(carve), now));
          plan.put(child);
          if (!reserved.isEmpty()) {
            PrefixAllocator childTree = plan.tree(child, child.metadata().key());
            ReservedBlocks.reserveInNewPool(plan, child, childTree, reserved, now);
            plan.poolChanged(child, childTree, now);
          }
          plan.mayHaveRoom(project, child.metadata().name());
          plan.put(
              new IPAllocation(
                  ObjectMeta.of(
                          project, IPAllocation.nameForChildPool(project, child.metadata().name()))
                      .withIdentity(Statuses.newUid(), 1, now),
                  new IPAllocationSpec(
                      carve.family(),
                      PoolRef.of(parentName),
                      Optional.empty(),
                      Optional.of(new LocalRef(child.metadata().name()))),
                  IPAllocationStatus.ready(carve, now)));
          plan.poolChanged(live, parentTree, now);
          if (plan.single()) {
            plan.settle();
          }
          return new Applied<>(child, Applied.Outcome.CREATED);
        });
  }

  /**
   * Why a pool cannot go: what holds its blocks, by kind, and the first of them by name, told so
   * that the user knows which object to delete (a retained allocation is the one nobody expects).
   */
  static String stillHolds(String project, String name, List<IPAllocation> held) {
    int claims = 0;
    int children = 0;
    int retained = 0;
    for (IPAllocation a : held) {
      if (a.spec().claimRef().isPresent()) {
        claims++;
      } else if (a.spec().childPoolRef().isPresent()) {
        children++;
      } else {
        retained++;
      }
    }
    List<String> kinds = new java.util.ArrayList<>(3);
    if (claims > 0) {
      kinds.add(claims + (claims == 1 ? " claim" : " claims"));
    }
    if (children > 0) {
      kinds.add(children + (children == 1 ? " child pool" : " child pools"));
    }
    if (retained > 0) {
      kinds.add(retained + (retained == 1 ? " retained allocation" : " retained allocations"));
    }
    IPAllocation first =
        held.stream().min(Comparator.comparing(a -> a.metadata().key())).orElseThrow();
    String example;
    if (first.spec().claimRef().isPresent()) {
      example =
          "IPClaim "
              + first.metadata().project()
              + "/"
              + first.spec().claimRef().get().name()
              + " holds "
              + first.status().allocatedCIDR();
    } else if (first.spec().childPoolRef().isPresent()) {
      example =
          "child IPPool "
              + first.metadata().project()
              + "/"
              + first.spec().childPoolRef().get().name()
              + " holds "
              + first.status().allocatedCIDR();
    } else if (Leases.isQuarantined(first)) {
      example =
          "IPAllocation "
              + first.metadata().key()
              + " holds "
              + first.status().allocatedCIDR()
              + ", quarantined after its claim was deleted (spec.allocation.reuseGracePeriod)";
    } else {
      example =
          "IPAllocation "
              + first.metadata().key()
              + " holds "
              + first.status().allocatedCIDR()
              + ", retained after its claim was deleted under reclaimPolicy Retain";
    }
    return "IPPool "
        + project
        + "/"
        + name
        + " still holds "
        + held.size()
        + (held.size() == 1 ? " block" : " blocks")
        + " ("
        + String.join(", ", kinds)
        + "): "
        + example
        + "; delete "
        + (held.size() == 1 ? "it" : "them")
        + " first";
  }

  /**
   * Plans a pool's delete; refused while it holds allocations. A child pool's block goes back to
   * its parent (recorded on the plan, {@link Plan#mayHaveRoom}).
   */
  void delete(Plan plan, String project, String name, List<IPAllocation> held) {
    IPPool pool =
        plan.get(IPPool.class, project, name)
            .orElseThrow(
                () -> new NotFoundException("no IPPool \"" + name + "\" in project " + project));
    List<IPAllocation> others = new ArrayList<>(held.size());
    List<IPAllocation> own = new ArrayList<>();
    for (IPAllocation a : held) {
      boolean reservation =
          a.spec().isReservation()
              && a.metadata().project().equals(project)
              && a.spec().poolRef().name().equals(name);
      (reservation ? own : others).add(a);
    }
    if (!others.isEmpty()) {
      throw new ConflictException(stillHolds(project, name, others));
    }
    // A pool's own reservations go with it.
    own.forEach(plan::delete);
    plan.delete(pool);
    if (pool.spec().parentPoolRef().isEmpty()) {
      return;
    }
    IPAllocation carve =
        plan.get(IPAllocation.class, project, IPAllocation.nameForChildPool(project, name))
            .orElseThrow(
                () ->
                    new StaleWriteException("carve allocation of " + name + " is not visible yet"));
    releases.freeBlock(plan, carve);
  }
}
