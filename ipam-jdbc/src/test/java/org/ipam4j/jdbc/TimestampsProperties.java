package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The stored timestamp is exactly {@link Instant#toString()}, for every instant. */
class TimestampsProperties {

  @Property(tries = 5000)
  void formatsAsInstantDoes(@ForAll("instants") Instant instant) {
    assertThat(Timestamps.format(instant)).isEqualTo(instant.toString());
  }

  @Provide
  Arbitrary<Instant> instants() {
    // Around year 0, year 10,000 and today, whole seconds and every precision of nanos.
    Arbitrary<Long> seconds =
        Arbitraries.oneOf(
            Arbitraries.longs().between(-62_167_219_200L - 86_400 * 3, -62_167_219_200L + 86_400),
            Arbitraries.longs().between(253_402_300_799L - 86_400, 253_402_300_799L + 86_400 * 3),
            Arbitraries.longs().between(1_700_000_000L, 1_900_000_000L),
            Arbitraries.longs().between(-100_000_000_000L, 300_000_000_000L));
    Arbitrary<Integer> nanos =
        Arbitraries.oneOf(
            Arbitraries.just(0),
            Arbitraries.integers().between(0, 999).map(n -> n * 1_000_000),
            Arbitraries.integers().between(0, 999_999).map(n -> n * 1_000),
            Arbitraries.integers().between(0, 999_999_999));
    return net.jqwik.api.Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }
}
