package org.ipam4j.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;

/**
 * The model's written-out shortcuts agree with the records' own equality. {@code isEmpty()},
 * written out component by component, agrees with {@code equals(empty())} for every mix of empty
 * and set components: a component added to a status and not to its {@code isEmpty} fails here.
 */
class WrittenOutEqualityTest {

  private static final Condition READY =
      new Condition("Ready", ConditionStatus.True, "Ready", "ok", Instant.EPOCH, 1);

  private static boolean set(int mask, int bit) {
    return (mask & (1 << bit)) != 0;
  }

  @Test
  void aPoolStatusIsEmptyExactlyWhenItEqualsTheEmptyOne() {
    int components = IPPoolStatus.class.getRecordComponents().length;
    assertThat(components).as("every component below has a set value").isEqualTo(7);
    for (int mask = 0; mask < 1 << components; mask++) {
      IPPoolStatus s =
          new IPPoolStatus(
              set(mask, 0) ? PoolPhase.Ready : PoolPhase.Pending,
              set(mask, 1) ? Optional.of(Cidr.parse("10.0.0.0/8")) : Optional.empty(),
              set(mask, 2) ? Optional.of(IpFamily.IPv4) : Optional.empty(),
              set(mask, 3)
                  ? Optional.of(new Capacity(BigInteger.TWO, BigInteger.ONE, BigInteger.ONE))
                  : Optional.empty(),
              set(mask, 4) ? OptionalInt.of(9) : OptionalInt.empty(),
              set(mask, 5) ? new BigDecimal("0.5") : BigDecimal.ZERO,
              set(mask, 6) ? List.of(READY) : List.of());
      assertThat(s.isEmpty()).as("%s", s).isEqualTo(s.equals(IPPoolStatus.empty()));
      assertThat(s.isEmpty()).isEqualTo(mask == 0);
    }
  }

  @Test
  void aClaimStatusIsEmptyExactlyWhenItEqualsTheEmptyOne() {
    int components = IPClaimStatus.class.getRecordComponents().length;
    assertThat(components).as("every component below has a set value").isEqualTo(5);
    for (int mask = 0; mask < 1 << components; mask++) {
      IPClaimStatus s =
          new IPClaimStatus(
              set(mask, 0) ? ClaimPhase.Bound : ClaimPhase.Pending,
              set(mask, 1) ? Optional.of(Cidr.parse("10.0.0.0/24")) : Optional.empty(),
              set(mask, 2) ? Optional.of(new LocalRef("a")) : Optional.empty(),
              set(mask, 3) ? List.of(READY) : List.of(),
              set(mask, 4) ? Optional.of(new PoolRef(Optional.empty(), "p")) : Optional.empty());
      assertThat(s.isEmpty()).as("%s", s).isEqualTo(s.equals(IPClaimStatus.empty()));
      assertThat(s.isEmpty()).isEqualTo(mask == 0);
    }
  }

  @Test
  void reservationsAreEmptyExactlyWhenTheyEqualNone() {
    assertThat(Reservations.class.getRecordComponents()).hasSize(4);
    for (int mask = 0; mask < 16; mask++) {
      Reservations r =
          new Reservations(
              set(mask, 0) ? 1 : 0,
              set(mask, 1) ? 1 : 0,
              set(mask, 2) ? OptionalInt.of(64) : OptionalInt.empty(),
              set(mask, 3) ? List.of("10.0.0.1/32") : List.of());
      assertThat(r.isEmpty()).as("%s", r).isEqualTo(r.equals(Reservations.none()));
      assertThat(r.isEmpty()).isEqualTo(mask == 0);
    }
  }

  @Test
  void anAllocationStatusIsReadySinceExactlyWhenItEqualsTheOneMadeThen() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    Cidr block = Cidr.parse("10.0.0.0/24");
    IPAllocationStatus made = IPAllocationStatus.ready(block, at);
    Condition c = made.conditions().get(0);
    List<IPAllocationStatus> others =
        List.of(
            made,
            new IPAllocationStatus(made.phase(), block, List.of(c)),
            new IPAllocationStatus(AllocationPhase.Error, block, made.conditions()),
            new IPAllocationStatus(AllocationPhase.Ready, block, List.of()),
            new IPAllocationStatus(AllocationPhase.Ready, block, List.of(c, READY)),
            withCondition(
                block, new Condition("Other", c.status(), c.reason(), c.message(), at, 1)),
            withCondition(
                block,
                new Condition(c.type(), ConditionStatus.False, c.reason(), c.message(), at, 1)),
            withCondition(block, new Condition(c.type(), c.status(), "Held", c.message(), at, 1)),
            withCondition(block, new Condition(c.type(), c.status(), c.reason(), "other", at, 1)),
            withCondition(
                block,
                new Condition(c.type(), c.status(), c.reason(), c.message(), at.plusNanos(1), 1)),
            withCondition(
                block, new Condition(c.type(), c.status(), c.reason(), c.message(), at, 2)),
            // Equal text in other String objects: still the status made then.
            withCondition(
                block,
                new Condition(
                    new String(c.type()),
                    c.status(),
                    new String(c.reason()),
                    new String(c.message()),
                    Instant.parse("2026-01-01T00:00:00Z"),
                    1)));
    for (IPAllocationStatus s : others) {
      assertThat(s.isReadySince(at))
          .as("%s", s)
          .isEqualTo(s.equals(IPAllocationStatus.ready(s.allocatedCIDR(), at)));
    }
    assertThat(others.stream().filter(s -> s.isReadySince(at))).hasSize(3);
  }

  @Test
  void aClaimStatusIsBoundSinceExactlyWhenItEqualsTheOneMadeThen() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    Cidr block = Cidr.parse("10.0.0.0/24");
    Optional<PoolRef> pool = Optional.of(new PoolRef(Optional.empty(), "web"));
    IPClaimStatus made = IPClaimStatus.bound(block, "alloc-1", pool, 3, at);
    Condition c = made.conditions().get(0);
    Optional<Cidr> b = made.allocatedCIDR();
    Optional<LocalRef> a = made.boundAllocationRef();
    List<IPClaimStatus> others =
        List.of(
            made,
            new IPClaimStatus(ClaimPhase.Bound, b, a, List.of(c), pool),
            new IPClaimStatus(ClaimPhase.Pending, b, a, List.of(c), pool),
            new IPClaimStatus(ClaimPhase.Bound, Optional.empty(), a, List.of(c), pool),
            new IPClaimStatus(ClaimPhase.Bound, b, Optional.empty(), List.of(c), pool),
            new IPClaimStatus(ClaimPhase.Bound, b, a, List.of(c), Optional.empty()),
            new IPClaimStatus(ClaimPhase.Bound, b, a, List.of(), pool),
            new IPClaimStatus(ClaimPhase.Bound, b, a, List.of(c, c), pool),
            // Another pool of a name as long, and the message of a pool whose name ends the same.
            new IPClaimStatus(
                ClaimPhase.Bound,
                b,
                a,
                List.of(c),
                Optional.of(new PoolRef(Optional.empty(), "wes"))),
            claimWith(pool, new Condition("Ready", c.status(), "Bound", c.message() + "x", at, 3)),
            claimWith(
                Optional.of(new PoolRef(Optional.empty(), "eb")),
                new Condition("Ready", c.status(), "Bound", c.message(), at, 3)),
            claimWith(pool, new Condition("Other", c.status(), "Bound", c.message(), at, 3)),
            claimWith(
                pool, new Condition("Ready", ConditionStatus.False, "Bound", c.message(), at, 3)),
            claimWith(pool, new Condition("Ready", c.status(), "Held", c.message(), at, 3)),
            claimWith(
                pool, new Condition("Ready", c.status(), "Bound", c.message(), at.plusNanos(1), 3)),
            claimWith(pool, new Condition("Ready", c.status(), "Bound", c.message(), at, 2)),
            // Equal text in other String objects: still the status made then.
            claimWith(
                pool,
                new Condition(
                    new String("Ready"),
                    c.status(),
                    new String("Bound"),
                    new String(c.message()),
                    at,
                    3)));
    for (IPClaimStatus s : others) {
      boolean sameAsMade =
          s.allocatedCIDR().isPresent()
              && s.boundAllocationRef().isPresent()
              && s.poolRef().isPresent()
              && s.equals(
                  IPClaimStatus.bound(
                      s.allocatedCIDR().get(),
                      s.boundAllocationRef().get().name(),
                      s.poolRef(),
                      3,
                      at));
      assertThat(s.isBoundSince(at, 3)).as("%s", s).isEqualTo(sameAsMade);
    }
    assertThat(others.stream().filter(s -> s.isBoundSince(at, 3))).hasSize(3);
  }

  private static IPClaimStatus claimWith(Optional<PoolRef> pool, Condition c) {
    return new IPClaimStatus(
        ClaimPhase.Bound,
        Optional.of(Cidr.parse("10.0.0.0/24")),
        Optional.of(new LocalRef("alloc-1")),
        List.of(c),
        pool);
  }

  private static IPAllocationStatus withCondition(Cidr block, Condition c) {
    return new IPAllocationStatus(AllocationPhase.Ready, block, List.of(c));
  }

  @Test
  void referencesWithWrittenOutEqualityAreEqualByTheirComponents() {
    List<PoolRef> refs =
        List.of(
            PoolRef.of("p"),
            PoolRef.of(new String("p")),
            PoolRef.of("q"),
            PoolRef.inProject("a", "p"),
            PoolRef.inProject(new String("a"), "p"),
            PoolRef.inProject("b", "p"));
    for (PoolRef x : refs) {
      for (PoolRef y : refs) {
        boolean same = x.name().equals(y.name()) && x.projectRef().equals(y.projectRef());
        assertThat(x.equals(y)).as("%s %s", x, y).isEqualTo(same);
        if (same) {
          assertThat(x.hashCode()).isEqualTo(y.hashCode());
        }
      }
      assertThat(x.equals(null)).isFalse();
      assertThat(x.equals(x.name())).isFalse();
    }
    assertThat(new ProjectRef("a")).isEqualTo(new ProjectRef(new String("a")));
    assertThat(new ProjectRef("a")).isNotEqualTo(new ProjectRef("b"));
    assertThat(new ProjectRef("a").hashCode())
        .isEqualTo(new ProjectRef(new String("a")).hashCode());
  }
}
