package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.ipam4j.IpamException;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Reservations;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.EngineInvariants;

/**
 * Leases and quarantines over random histories on a moving clock: claims (retained or not) applied
 * and deleted, reservations changed, time passing with the re-check run. After every step: the
 * invariants hold (no overlap, capacity equals the allocations, no claim holds a reserved block); a
 * bound claim keeps its block whatever the clock does (a lease never releases a bound block); and
 * no claim receives a block another claim released less than the grace period ago.
 */
class LeaseProperties {

  private static final String P = "p";
  private static final Duration GRACE = Duration.ofMinutes(10);

  sealed interface Op {}

  record Apply(int claim, int extraBits, boolean retain) implements Op {}

  record Delete(int claim) implements Op {}

  record Tick(int minutes) implements Op {}

  record Reserve(int shape) implements Op {}

  @Property(tries = 400)
  void noQuarantinedReservedOrBoundBlockIsEverGivenAway(
      @ForAll("histories") List<Op> ops, @ForAll boolean withLease) {
    LeasesTest.MovableClock clock = new LeasesTest.MovableClock();
    IpamEngine engine = IpamEngine.builder().clock(clock).recheckWaiting(Duration.ZERO).build();
    IPPoolSpec spec =
        IPPoolSpec.root("10.0.0.0/26")
            .withAllocation(AllocationPolicy.defaults().withReuseGracePeriod("10m"));
    engine.applyPool(IPPool.of(P, "net", withLease ? spec.withMaxRetentionLease("30m") : spec));
    // Block to the claim last bound to it and when it was released (if it was).
    Map<Cidr, String> lastHolder = new HashMap<>();
    Map<Cidr, Instant> releasedAt = new HashMap<>();
    for (Op op : ops) {
      Map<String, Cidr> boundBefore = bound(engine);
      try {
        apply(engine, clock, op);
      } catch (IpamException e) {
        // refused: the invariants still hold
      }
      EngineInvariants.check(engine);
      Map<String, Cidr> boundAfter = bound(engine);
      for (Map.Entry<String, Cidr> e : boundBefore.entrySet()) {
        boolean deleted = op instanceof Delete d && ("k" + d.claim()).equals(e.getKey());
        if (!deleted) {
          assertThat(boundAfter.get(e.getKey()))
              .as("%s keeps its block through %s", e.getKey(), op)
              .isEqualTo(e.getValue());
        }
      }
      Instant now = clock.instant();
      for (Map.Entry<String, Cidr> e : boundAfter.entrySet()) {
        Cidr block = e.getValue();
        for (Map.Entry<Cidr, Instant> r : releasedAt.entrySet()) {
          if (r.getKey().overlaps(block)
              && !e.getKey().equals(lastHolder.get(r.getKey()))
              && now.isBefore(r.getValue().plus(GRACE))) {
            throw new AssertionError(
                e.getKey()
                    + " holds "
                    + block
                    + ", released "
                    + r.getKey()
                    + " at "
                    + r.getValue());
          }
        }
        lastHolder.put(block, e.getKey());
        releasedAt.remove(block);
      }
      for (Map.Entry<String, Cidr> e : boundBefore.entrySet()) {
        if (!boundAfter.containsKey(e.getKey())) {
          releasedAt.put(e.getValue(), now);
        }
      }
    }
  }

  private static Map<String, Cidr> bound(IpamEngine engine) {
    Map<String, Cidr> out = new HashMap<>();
    for (IPClaim c : engine.listClaims(P)) {
      c.status().allocatedCIDR().ifPresent(b -> out.put(c.metadata().name(), b));
    }
    return out;
  }

  private static void apply(IpamEngine engine, LeasesTest.MovableClock clock, Op op) {
    if (op instanceof Apply a) {
      engine.applyClaim(
          IPClaim.of(
              P,
              "k" + a.claim(),
              IPClaimSpec.fromPool(IpFamily.IPv4, 28 + a.extraBits(), "net")
                  .withReclaimPolicy(a.retain() ? ReclaimPolicy.Retain : ReclaimPolicy.Delete)));
    } else if (op instanceof Delete d) {
      engine.deleteClaim(P, "k" + d.claim());
    } else if (op instanceof Tick t) {
      clock.advance(Duration.ofMinutes(t.minutes()));
      engine.recheck();
    } else if (op instanceof Reserve r) {
      IPPool pool = engine.getPool(P, "net").orElseThrow();
      Reservations reservations =
          switch (r.shape()) {
            case 1 -> Reservations.edges(1, 1, 32);
            case 2 -> Reservations.of("10.0.0.16/28");
            default -> Reservations.none();
          };
      engine.applyPool(IPPool.of(P, "net", pool.spec().withReservations(reservations)));
    }
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    Arbitrary<Integer> claims = Arbitraries.integers().between(0, 5);
    return Arbitraries.<Op>frequencyOf(
            Tuple.of(
                6,
                Combinators.combine(
                        claims, Arbitraries.integers().between(0, 4), Arbitraries.of(true, false))
                    .as(Apply::new)),
            Tuple.of(4, claims.map(Delete::new)),
            Tuple.of(4, Arbitraries.of(1, 4, 9, 10, 31).map(Tick::new)),
            Tuple.of(1, Arbitraries.integers().between(0, 2).map(Reserve::new)))
        .list()
        .ofMinSize(5)
        .ofMaxSize(40);
  }
}
