package org.ipam4j.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.NotFoundException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPClaimStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.PoolRef;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.ObjectKey;

/**
 * Claims: creating, updating and binding them (or recording why they wait), each as changes staged
 * in a {@link Plan}. Deleting them is {@link Releases}'.
 */
final class ClaimPlanner {

  private final Resolver resolver;
  private final Statuses statuses;

  ClaimPlanner(Resolver resolver, Statuses statuses) {
    this.resolver = resolver;
    this.statuses = statuses;
  }

  /** Plans an apply of {@code input}; {@code failWhenExhausted}: no waiting, an error instead. */
  Applied<IPClaim> apply(Plan plan, IPClaim input, boolean failWhenExhausted) {
    String project = input.metadata().project();
    String allocationName = IPAllocation.nameForClaim(project, input.metadata().name());
    // The claim, a retained allocation of its name, and a named pool: one read, not three.
    ObjectKey claimKey = ObjectKey.of(IPClaim.class, project, input.metadata().name());
    ObjectKey allocationKey = ObjectKey.of(IPAllocation.class, project, allocationName);
    Optional<PoolRef> named = input.spec().poolRef();
    plan.prefetch(
        named.isPresent()
            ? List.of(
                claimKey,
                allocationKey,
                ObjectKey.of(IPPool.class, named.get().projectOr(project), named.get().name()))
            : List.of(claimKey, allocationKey));
    Optional<IPClaim> existing = plan.get(IPClaim.class, claimKey);
    if (existing.isPresent()) {
      return update(plan, existing.get(), input, failWhenExhausted);
    }
    IPClaim claim =
        new IPClaim(
            input.metadata().withIdentity(Statuses.newUid(), 1, statuses.now()),
            canonicalAddress(input.spec()),
            IPClaimStatus.empty());
    Optional<IPAllocation> retained = plan.get(IPAllocation.class, allocationKey);
    if (retained.isPresent()) {
      return new Applied<>(rebind(plan, claim, retained.get()), Applied.Outcome.CREATED);
    }
    return new Applied<>(
        bindOrWait(plan, claim, allocationName, failWhenExhausted), Applied.Outcome.CREATED);
  }

  /** The spec with {@code spec.address} in canonical text, as it is stored. */
  private static IPClaimSpec canonicalAddress(IPClaimSpec spec) {
    Optional<Cidr> block = Validation.requestedBlock(spec);
    if (block.isEmpty()) {
      return spec;
    }
    String text = block.get().toString();
    return spec.withAddress(text.substring(0, text.indexOf('/')));
  }

  private Applied<IPClaim> update(
      Plan plan, IPClaim existing, IPClaim input, boolean failWhenExhausted) {
    IPClaimSpec was = existing.spec();
    IPClaimSpec want = canonicalAddress(input.spec());
    List<InvalidException.Violation> immutable = new ArrayList<>();
    if (was.ipFamily() != want.ipFamily()) {
      immutable.add(Validation.immutable("spec.ipFamily", Optional.of(was.ipFamily())));
    }
    if (was.prefixLength() != want.prefixLength()) {
      immutable.add(Validation.immutable("spec.prefixLength", Optional.of(was.prefixLength())));
    }
    if (!was.poolRef().equals(want.poolRef())) {
      immutable.add(Validation.immutable("spec.poolRef", was.poolRef().map(PoolRef::name)));
    }
    if (!was.address().equals(want.address())) {
      immutable.add(Validation.immutable("spec.address", was.address()));
    }
    if (!was.poolSelector().equals(want.poolSelector())) {
      immutable.add(
          Validation.immutable(
              "spec.poolSelector", was.poolSelector().map(s -> s.labelSelector().toString())));
    }
    if (!immutable.isEmpty()) {
      throw new InvalidException(immutable);
    }
    ObjectMeta meta =
        existing
            .metadata()
            .withLabels(input.metadata().labels())
            .withAnnotations(input.metadata().annotations());
    boolean specChanged = !want.equals(was);
    if (specChanged) {
      meta = meta.withGeneration(existing.metadata().generation() + 1);
    }
    IPClaim updated = new IPClaim(meta, want, existing.status());
    boolean changed = specChanged || !meta.equals(existing.metadata());
    Applied.Outcome outcome = changed ? Applied.Outcome.CONFIGURED : Applied.Outcome.UNCHANGED;
    if (changed) {
      plan.put(updated);
    }
    if (updated.isBound()) {
      if (existing.status().boundAllocationRef().isPresent()
          && Releases.boundAllocation(plan, existing).isEmpty()) {
        throw new StorageException(
            "row IPClaim "
                + existing.metadata().key()
                + " of"
                + " ipam_objects is corrupt: it is Bound to IPAllocation "
                + existing.status().boundAllocationRef().get().name()
                + ", which does not exist"
                + " (ipamctl check lists every such row; deleting the claim lets it go)");
      }
      return new Applied<>(updated, outcome);
    }
    return new Applied<>(bindOrWait(plan, updated, failWhenExhausted), outcome);
  }

  /** A new claim takes the block a retained allocation of its name keeps for it. */
  private IPClaim rebind(Plan plan, IPClaim claim, IPAllocation allocation) {
    String project = claim.metadata().project();
    IPAllocationSpec spec = allocation.spec();
    if (spec.claimRef().isPresent()) {
      // Bound to a claim of this name that another writer created after we looked: re-read.
      throw new StaleWriteException("IPClaim " + claim.metadata().key() + " appeared meanwhile");
    }
    Cidr block = allocation.status().allocatedCIDR();
    String poolProject = spec.poolRef().projectOr(project);
    Optional<IPPool> pool = plan.get(IPPool.class, poolProject, spec.poolRef().name());
    boolean samePool =
        pool.isPresent()
            && resolver.resolve(claim, plan).pools().stream()
                .anyMatch(p -> p.metadata().key().equals(pool.get().metadata().key()));
    boolean sameLength = claim.spec().prefixLength() == block.prefixLength();
    boolean sameBlock = Validation.requestedBlock(claim.spec()).map(block::equals).orElse(true);
    if (!spec.isRetained() || !samePool || !sameLength || !sameBlock) {
      throw new ConflictException(
          "metadata.name: IPAllocation "
              + allocation.metadata().name()
              + (Leases.isQuarantined(allocation)
                  ? " (quarantined)"
                  : spec.isRetained() ? " (retained)" : "")
              + " holds "
              + block
              + " from IPPool "
              + poolProject
              + "/"
              + spec.poolRef().name()
              + " for a claim of this name; claim the"
              + " same pool and prefix length to rebind it, or delete the allocation first");
    }
    IPClaim bound =
        claim.withStatus(
            IPClaimStatus.bound(
                block,
                allocation.metadata().name(),
                Optional.of(spec.poolRef()),
                claim.metadata().generation(),
                statuses.now()));
    plan.put(bound);
    plan.put(Leases.heldAgain(allocation, claim.metadata().name()));
    return bound;
  }

  /**
   * Binds a claim (new, or stored but unbound) to the first candidate pool with room, or records
   * why it waits.
   */
  IPClaim bindOrWait(Plan plan, IPClaim claim, boolean failWhenExhausted) {
    return bindOrWait(
        plan,
        claim,
        IPAllocation.nameForClaim(claim.metadata().project(), claim.metadata().name()),
        failWhenExhausted);
  }

  /** {@code allocationName}: the claim's allocation's, a digest worth computing once. */
  private IPClaim bindOrWait(
      Plan plan, IPClaim claim, String allocationName, boolean failWhenExhausted) {
    Resolver.Resolution resolution = resolver.resolve(claim, plan);
    for (IPPool pool : resolution.pools()) {
      Optional<IPClaim> bound = tryBind(plan, claim, allocationName, pool);
      if (bound.isPresent()) {
        return bound.get();
      }
    }
    if (failWhenExhausted) {
      if (resolution.pools().isEmpty()) {
        throw new NotFoundException("spec: " + Resolver.refused(resolution.message()));
      }
      throw new ExhaustedException(
          "spec.prefixLength: " + resolution.exhaustedMessage(claim, false));
    }
    String reason = resolution.pools().isEmpty() ? resolution.reason() : "PoolExhausted";
    String message =
        resolution.pools().isEmpty()
            ? resolution.message()
            : resolution.exhaustedMessage(claim, true);
    if (Statuses.waitsFor(claim, reason, message)) {
      return claim;
    }
    IPClaim waiting =
        claim.withStatus(
            Statuses.pending(reason, message, claim.metadata().generation(), statuses.now()));
    plan.put(waiting);
    return waiting;
  }

  /**
   * Takes a block for the claim in {@code pool}; empty if the pool has no room, is gone, or (as it
   * stands now) may no longer be used by the claim's project, whose access is decided here, at
   * binding, not when the pool was chosen.
   */
  private Optional<IPClaim> tryBind(Plan plan, IPClaim claim, String allocationName, IPPool pool) {
    String poolProject = pool.metadata().project();
    String poolName = pool.metadata().name();
    String poolKey = pool.metadata().key();
    String project = claim.metadata().project();
    return plan.atPool(
        poolProject,
        poolName,
        poolKey,
        () -> {
          Optional<IPPool> current = plan.poolAtLock(poolProject, poolName);
          int length = claim.spec().prefixLength();
          if (current.isEmpty() || !Resolver.fits(current.get(), claim.spec().ipFamily(), length)) {
            plan.letGo(poolKey);
            return Optional.empty();
          }
          IPPool live = current.get();
          if (!resolver.mayUse(project, live)) {
            plan.letGo(poolKey);
            if (claim.spec().poolRef().isPresent()) {
              throw Resolver.forbidden(project, poolProject, poolName);
            }
            return Optional.empty();
          }
          PrefixAllocator tree = plan.tree(live, poolKey);
          Optional<Cidr> wanted = Validation.requestedBlock(claim.spec());
          Optional<Cidr> block;
          if (wanted.isPresent()) {
            block = takeRequested(plan, claim, live, tree, wanted.get());
          } else {
            block = plan.allocate(tree, length, live.spec().allocation().strategy());
          }
          if (block.isEmpty()) {
            plan.letGo(poolKey);
            return Optional.empty();
          }
          // A claim created and bound in one plan: its allocation was created, and it was bound,
          // at the claim's creation time (one instant, kept once).
          Optional<Instant> created = claim.metadata().creationTimestamp();
          boolean isNew = claim.metadata().resourceVersion() == 0 && created.isPresent();
          Instant now = isNew ? created.get() : statuses.now();
          PoolRef poolRef =
              poolProject.equals(project)
                  ? PoolRef.of(poolName)
                  : PoolRef.inProject(poolProject, poolName);
          // The claim's own reference, when it says the same, is kept once for both objects.
          Optional<PoolRef> asked = claim.spec().poolRef();
          Optional<PoolRef> drawnFrom;
          if (asked.isPresent() && asked.get().equals(poolRef)) {
            poolRef = asked.get();
            drawnFrom = asked;
          } else {
            drawnFrom = Optional.of(poolRef);
          }
          IPClaim bound =
              claim.withStatus(
                  IPClaimStatus.bound(
                      block.get(), allocationName, drawnFrom, claim.metadata().generation(), now));
          plan.put(bound);
          plan.put(
              new IPAllocation(
                  new ObjectMeta(
                      project,
                      allocationName,
                      Map.of(),
                      Map.of(),
                      Statuses.newUid(),
                      0,
                      1,
                      isNew ? created : Optional.of(now)),
                  new IPAllocationSpec(
                      block.get().family(),
                      poolRef,
                      Optional.of(new LocalRef(claim.metadata().name())),
                      Optional.empty()),
                  IPAllocationStatus.ready(block.get(), now)));
          plan.poolChanged(live, tree, now);
          if (plan.single()) {
            plan.settle();
          }
          return Optional.of(bound);
        });
  }

  /**
   * Takes the one block a claim's {@code spec.address} asks for in {@code pool}: empty if the pool
   * does not contain it and the claim chose the pool by selector (another may); refused if the
   * claim named the pool, or if the block is taken (409, naming the holder when it is in the
   * claimant's own project).
   */
  private static Optional<Cidr> takeRequested(
      Plan plan, IPClaim claim, IPPool pool, PrefixAllocator tree, Cidr wanted) {
    Cidr space = Statuses.cidrOf(pool);
    String poolKey = pool.metadata().key();
    if (!space.contains(wanted)) {
      if (claim.spec().poolRef().isPresent()) {
        plan.letGo(poolKey);
        throw new InvalidException(
            "spec.address",
            wanted + " is not inside IPPool " + pool.metadata().name() + " (" + space + ")");
      }
      return Optional.empty();
    }
    try {
      plan.allocateSpecific(tree, wanted);
    } catch (ConflictException e) {
      plan.letGo(poolKey);
      List<IPAllocation> held =
          plan.store().allocationsOfPool(pool.metadata().project(), pool.metadata().name());
      throw new ConflictException(
          "spec.address: "
              + wanted
              + " in IPPool "
              + poolKey
              + " is held by "
              + Holders.of(held, wanted, claim.metadata().project()));
    }
    return Optional.of(wanted);
  }
}
