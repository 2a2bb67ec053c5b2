package org.ipam4j.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipam4j.InvalidException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.allocator.PrefixAllocator;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.LocalRef;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.net.Cidr;

/**
 * Updating a pool, as a plan: what may change (labels, annotations, {@code spec.allocation}, {@code
 * spec.visibility}, {@code spec.reservations}, {@code spec.maxRetentionLease}) and what may not,
 * each refused field named.
 */
final class PoolUpdates {

  private final Statuses statuses;
  private final PoolIndexes indexes;

  PoolUpdates(Statuses statuses, PoolIndexes indexes) {
    this.statuses = statuses;
    this.indexes = indexes;
  }

  /**
   * Only labels, annotations, {@code spec.allocation} and {@code spec.visibility} may change. The
   * update is decided and committed holding this engine's lock of the pool, so it queues behind
   * this engine's binds; against other engines the pool's version decides: a bind commits only over
   * the pool version it checked access on, so a revocation that commits first always wins. It does
   * not wait for the store's pool lock, which a stalled bind may hold.
   */
  Applied<IPPool> update(Plan plan, IPPool stored, IPPool input) {
    String project = stored.metadata().project();
    String name = stored.metadata().name();
    if (plan.single()) {
      plan.lock(stored.metadata().key(), true);
    }
    IPPool existing =
        plan.poolAtLock(project, name)
            .orElseThrow(
                () -> new StaleWriteException("IPPool " + stored.metadata().key() + " vanished"));
    IPPoolSpec was = existing.spec();
    IPPoolSpec want = input.spec();
    List<InvalidException.Violation> immutable = new ArrayList<>();
    if (!sameBlock(was.cidr(), want.cidr())) {
      immutable.add(Validation.immutable("spec.cidr", was.cidr()));
    }
    if (want.ipFamily().isPresent() && !was.ipFamily().equals(want.ipFamily())) {
      immutable.add(Validation.immutable("spec.ipFamily", was.ipFamily()));
    }
    if (!was.parentPoolRef().equals(want.parentPoolRef())) {
      immutable.add(
          Validation.immutable("spec.parentPoolRef", was.parentPoolRef().map(LocalRef::name)));
    }
    if (!was.prefixLength().equals(want.prefixLength())) {
      immutable.add(
          Validation.immutable(
              "spec.prefixLength",
              was.prefixLength().isPresent()
                  ? Optional.of(was.prefixLength().getAsInt())
                  : Optional.empty()));
    }
    if (!immutable.isEmpty()) {
      throw new InvalidException(immutable);
    }
    IPPoolSpec merged =
        new IPPoolSpec(
            was.cidr(),
            was.ipFamily(),
            was.parentPoolRef(),
            was.prefixLength(),
            want.allocation(),
            want.visibility(),
            ReservedBlocks.canonical(want.reservations()),
            want.maxRetentionLease());
    boolean specChanged = !merged.equals(was);
    if (!merged.reservations().equals(was.reservations())) {
      return updateReservations(plan, existing, merged, input);
    }
    ObjectMeta meta =
        existing
            .metadata()
            .withLabels(input.metadata().labels())
            .withAnnotations(input.metadata().annotations());
    if (!specChanged && meta.equals(existing.metadata())) {
      return new Applied<>(existing, Applied.Outcome.UNCHANGED);
    }
    if (specChanged) {
      meta = meta.withGeneration(existing.metadata().generation() + 1);
    }
    IPPool updated = new IPPool(meta, merged, existing.status());
    plan.put(updated);
    plan.mayHaveRoom(project, name);
    if (plan.single()) {
      plan.settle();
      // Only the pool's record moved on, not its blocks: the index stays valid.
      indexes.advanced(
          existing.metadata().key(),
          existing.metadata().resourceVersion(),
          plan.result(updated).metadata().resourceVersion());
    }
    return new Applied<>(updated, Applied.Outcome.CONFIGURED);
  }

  /**
   * An update that changes what the pool reserves: its blocks change, so it is planned where blocks
   * change, under the pool's locks, like a claim's bind.
   */
  private Applied<IPPool> updateReservations(
      Plan plan, IPPool existing, IPPoolSpec merged, IPPool input) {
    String project = existing.metadata().project();
    String name = existing.metadata().name();
    Cidr block = Statuses.cidrOf(existing);
    List<Cidr> want = ReservedBlocks.of(merged.reservations(), block);
    List<Cidr> was = reservedOrNone(existing, block);
    String key = existing.metadata().key();
    return plan.atPool(
        project,
        name,
        key,
        () -> {
          IPPool live =
              plan.poolAtLock(project, name)
                  .orElseThrow(() -> new StaleWriteException("IPPool " + key + " vanished"));
          if (live.metadata().resourceVersion() != existing.metadata().resourceVersion()) {
            throw new StaleWriteException("IPPool " + key + " changed meanwhile");
          }
          PrefixAllocator tree = plan.tree(live, key);
          Instant now = statuses.now();
          boolean freed =
              ReservedBlocks.change(
                  plan, live, tree, was, want, plan.store().allocationsOfPool(project, name), now);
          ObjectMeta meta =
              live.metadata()
                  .withLabels(input.metadata().labels())
                  .withAnnotations(input.metadata().annotations())
                  .withGeneration(live.metadata().generation() + 1);
          IPPool updated = new IPPool(meta, merged, live.status());
          plan.put(updated);
          plan.poolChanged(updated, tree, now);
          if (freed) {
            plan.mayHaveRoom(project, name);
          }
          if (plan.single()) {
            plan.settle();
          }
          return new Applied<>(updated, Applied.Outcome.CONFIGURED);
        });
  }

  /**
   * The blocks a stored pool's reservations name; a stored spec that no longer reads (a corrupt
   * row) names none, so that its reservations can still be rewritten.
   */
  private static List<Cidr> reservedOrNone(IPPool pool, Cidr block) {
    try {
      return ReservedBlocks.of(pool.spec().reservations(), block);
    } catch (InvalidException e) {
      return List.of();
    }
  }

  /** Two spellings of a root pool's {@code spec.cidr}: the same if they parse to one block. */
  private static boolean sameBlock(Optional<String> was, Optional<String> want) {
    if (was.isPresent() && want.isPresent()) {
      Optional<Cidr> a = Cidr.tryParse(was.get());
      return a.isPresent() ? a.equals(Cidr.tryParse(want.get())) : was.equals(want);
    }
    return was.equals(want);
  }
}
