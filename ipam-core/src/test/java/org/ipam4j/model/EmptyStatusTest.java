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
 * {@code isEmpty()}, written out component by component, agrees with {@code equals(empty())} for
 * every mix of empty and set components: a component added to a status and not to its {@code
 * isEmpty} fails here.
 */
class EmptyStatusTest {

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
}
