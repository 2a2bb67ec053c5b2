package org.ipam4j.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipam4j.InvalidException;
import org.ipam4j.model.Condition;
import org.ipam4j.model.ConditionStatus;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPAllocationSpec;
import org.ipam4j.model.IPAllocationStatus;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.LocalRef;

/**
 * Blocks that outlive their claim: <em>retained</em> (the claim was deleted under {@code Retain};
 * released when the pool's {@code spec.maxRetentionLease} runs out) and <em>quarantined</em> (the
 * block was released from a pool with {@code spec.allocation.reuseGracePeriod}; given to no other
 * claim until the period has passed). Both stay IPAllocations whose claim reference is cleared, so
 * they count as allocated, are listed, and a claim of the same name that comes back gets the block
 * again. When each began is a condition's {@code lastTransitionTime}: time comes from the engine's
 * clock, so tests move it rather than sleep.
 */
final class Leases {

  static final String RETAINED = "Retained";
  static final String QUARANTINED = "Quarantined";

  private Leases() {}

  /** When the condition {@code type} of the allocation became true, if it is true. */
  static Optional<Instant> since(IPAllocation a, String type) {
    for (Condition c : a.status().conditions()) {
      if (c.type().equals(type) && c.status() == ConditionStatus.True) {
        return Optional.of(c.lastTransitionTime());
      }
    }
    return Optional.empty();
  }

  static boolean isQuarantined(IPAllocation a) {
    return a.spec().isRetained() && since(a, QUARANTINED).isPresent();
  }

  /** The pool's lease on retained blocks; a value that does not read is no lease. */
  static Optional<Duration> lease(IPPool pool) {
    return duration(pool.spec().maxRetentionLease(), "spec.maxRetentionLease");
  }

  /** The pool's grace period before a released block is reused; none if it does not read. */
  static Optional<Duration> grace(IPPool pool) {
    return duration(pool.spec().allocation().reuseGracePeriod(), "spec.allocation.reuseGracePeriod")
        .filter(d -> !d.isZero());
  }

  private static Optional<Duration> duration(Optional<String> text, String field) {
    try {
      return text.map(t -> Durations.parse(field, t));
    } catch (InvalidException e) {
      return Optional.empty();
    }
  }

  /** A claim's allocation kept after the claim was deleted under {@code Retain}. */
  static IPAllocation retained(IPAllocation a, String claim, Instant now) {
    return released(
        a,
        new Condition(
            RETAINED,
            ConditionStatus.True,
            "ClaimDeleted",
            "retained after IPClaim " + claim + " was deleted under reclaimPolicy Retain",
            now,
            1));
  }

  /** A released block held back from other claims until {@code now + grace}. */
  static IPAllocation quarantined(IPAllocation a, Instant now, Duration grace) {
    return released(
        a,
        new Condition(
            QUARANTINED,
            ConditionStatus.True,
            "ReuseGracePeriod",
            "released; given to no other claim until "
                + now.plus(grace)
                + " (spec.allocation.reuseGracePeriod of IPPool "
                + a.spec().poolRef().name()
                + ")",
            now,
            1));
  }

  private static IPAllocation released(IPAllocation a, Condition why) {
    IPAllocationSpec spec = a.spec();
    List<Condition> conditions = heldConditions(a);
    conditions.add(why);
    return new IPAllocation(
        a.metadata(),
        new IPAllocationSpec(spec.ipFamily(), spec.poolRef(), Optional.empty(), Optional.empty()),
        new IPAllocationStatus(a.status().phase(), a.status().allocatedCIDR(), conditions));
  }

  /** A retained or quarantined allocation held again by a claim of its name. */
  static IPAllocation heldAgain(IPAllocation a, String claim) {
    IPAllocationSpec spec = a.spec();
    List<Condition> conditions = heldConditions(a);
    return new IPAllocation(
        a.metadata(),
        new IPAllocationSpec(
            spec.ipFamily(), spec.poolRef(), Optional.of(new LocalRef(claim)), Optional.empty()),
        new IPAllocationStatus(a.status().phase(), a.status().allocatedCIDR(), conditions));
  }

  /** The allocation's conditions but for the ones that say it outlived its claim. */
  private static List<Condition> heldConditions(IPAllocation a) {
    List<Condition> conditions = new ArrayList<>();
    for (Condition c : a.status().conditions()) {
      if (!c.type().equals(RETAINED) && !c.type().equals(QUARANTINED)) {
        conditions.add(c);
      }
    }
    return conditions;
  }

  /** What a retained or quarantined allocation is due for at {@code now}. */
  enum Due {
    NOTHING,
    QUARANTINE,
    RELEASE
  }

  /**
   * Whether {@code a} (retained or quarantined in {@code pool}) has run out: a quarantine when its
   * period has passed (or the pool no longer has one), a retention when the pool's lease has passed
   * since the claim was deleted (since the allocation was made, for one retained by a release that
   * did not record when).
   */
  static Due due(IPAllocation a, IPPool pool, Instant now) {
    Optional<Instant> quarantined = since(a, QUARANTINED);
    if (quarantined.isPresent()) {
      Optional<Duration> grace = grace(pool);
      return grace.isEmpty() || !now.isBefore(quarantined.get().plus(grace.get()))
          ? Due.RELEASE
          : Due.NOTHING;
    }
    Optional<Duration> lease = lease(pool);
    if (lease.isEmpty()) {
      return Due.NOTHING;
    }
    Instant start =
        since(a, RETAINED).or(() -> a.metadata().creationTimestamp()).orElse(Instant.EPOCH);
    if (now.isBefore(start.plus(lease.get()))) {
      return Due.NOTHING;
    }
    return grace(pool).isPresent() ? Due.QUARANTINE : Due.RELEASE;
  }
}
