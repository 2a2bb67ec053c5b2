package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.EngineInvariants;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.maxRetentionLease} and {@code spec.allocation.reuseGracePeriod}, on the engine's
 * clock, moved by the test: no sleeps.
 */
class LeasesTest {

  private static final String P = "default";

  /** A clock the test moves. */
  static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-12-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }

  private final MovableClock clock = new MovableClock();
  private final IpamEngine engine =
      IpamEngine.builder().clock(clock).recheckWaiting(Duration.ZERO).build();

  private IPClaim claim(String name, ReclaimPolicy policy) {
    return engine
        .applyClaim(
            IPClaim.of(
                P, name, IPClaimSpec.fromPool(IpFamily.IPv4, 30, "net").withReclaimPolicy(policy)))
        .object();
  }

  private List<IPAllocation> held() {
    return engine.listAllocations(P);
  }

  @Test
  void aRetainedBlockIsReleasedWhenTheLeaseRunsOutAndNotBefore() {
    engine.applyPool(
        IPPool.of(P, "net", IPPoolSpec.root("10.0.0.0/30").withMaxRetentionLease("720h")));
    claim("web", ReclaimPolicy.Retain);
    engine.deleteClaim(P, "web");
    assertThat(held()).singleElement().satisfies(a -> assertThat(a.spec().isRetained()).isTrue());
    clock.advance(Duration.ofHours(719));
    engine.recheck();
    assertThat(held()).hasSize(1);
    clock.advance(Duration.ofHours(1));
    engine.recheck();
    assertThat(held()).isEmpty();
    assertThat(engine.getPool(P, "net").orElseThrow().status().capacity().orElseThrow().allocated())
        .isZero();
    EngineInvariants.check(engine);
  }

  @Test
  void aLeaseNeverReleasesABoundBlock() {
    engine.applyPool(
        IPPool.of(P, "net", IPPoolSpec.root("10.0.0.0/30").withMaxRetentionLease("1h")));
    claim("web", ReclaimPolicy.Retain);
    clock.advance(Duration.ofDays(30));
    engine.recheck();
    assertThat(engine.getClaim(P, "web").orElseThrow().isBound()).isTrue();
    assertThat(held()).singleElement().satisfies(a -> assertThat(a.spec().claimRef()).isPresent());
  }

  @Test
  void aReleasedBlockIsQuarantinedForTheGracePeriodAndComesBackToItsClaim() {
    IpamEngine failing =
        IpamEngine.builder()
            .clock(clock)
            .recheckWaiting(Duration.ZERO)
            .failWhenExhausted(true)
            .build();
    failing.applyPool(
        IPPool.of(
            P,
            "net",
            IPPoolSpec.root("10.0.0.0/30")
                .withAllocation(
                    org.ipam4j.model.AllocationPolicy.defaults().withReuseGracePeriod("10m"))));
    IPClaimSpec whole = IPClaimSpec.fromPool(IpFamily.IPv4, 30, "net");
    Cidr block =
        failing
            .applyClaim(IPClaim.of(P, "a", whole))
            .object()
            .status()
            .allocatedCIDR()
            .orElseThrow();
    failing.deleteClaim(P, "a");
    // Quarantined: counted as allocated, given to no other claim.
    assertThat(failing.listAllocations(P))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.spec().isRetained()).isTrue();
              assertThat(a.status().conditions()).anyMatch(c -> c.type().equals("Quarantined"));
            });
    assertThatThrownBy(() -> failing.applyClaim(IPClaim.of(P, "b", whole)))
        .isInstanceOf(ExhaustedException.class);
    // The same claim coming back within the period gets its block again.
    assertThat(failing.applyClaim(IPClaim.of(P, "a", whole)).object().status().allocatedCIDR())
        .contains(block);
    assertThat(failing.listAllocations(P))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.spec().claimRef()).isPresent();
              assertThat(a.status().conditions()).noneMatch(c -> c.type().equals("Quarantined"));
            });
    failing.deleteClaim(P, "a");
    clock.advance(Duration.ofMinutes(9));
    failing.recheck();
    assertThatThrownBy(() -> failing.applyClaim(IPClaim.of(P, "b", whole)))
        .isInstanceOf(ExhaustedException.class);
    clock.advance(Duration.ofMinutes(1));
    failing.recheck();
    assertThat(failing.listAllocations(P)).isEmpty();
    assertThat(failing.applyClaim(IPClaim.of(P, "b", whole)).object().isBound()).isTrue();
    EngineInvariants.check(failing);
  }

  @Test
  void aWaitingClaimIsBoundWhenTheQuarantineEnds() {
    engine.applyPool(
        IPPool.of(
            P,
            "net",
            IPPoolSpec.root("10.0.0.0/30")
                .withAllocation(
                    org.ipam4j.model.AllocationPolicy.defaults().withReuseGracePeriod("30s"))));
    claim("a", ReclaimPolicy.Delete);
    claim("b", ReclaimPolicy.Delete);
    assertThat(engine.getClaim(P, "b").orElseThrow().isBound()).isFalse();
    engine.deleteClaim(P, "a");
    assertThat(engine.getClaim(P, "b").orElseThrow().isBound()).isFalse();
    clock.advance(Duration.ofSeconds(30));
    engine.recheck();
    assertThat(engine.getClaim(P, "b").orElseThrow().isBound()).isTrue();
    EngineInvariants.check(engine);
  }

  @Test
  void aLeaseThatRunsOutInAPoolWithAGracePeriodQuarantinesFirst() {
    engine.applyPool(
        IPPool.of(
            P,
            "net",
            IPPoolSpec.root("10.0.0.0/30")
                .withMaxRetentionLease("1h")
                .withAllocation(
                    org.ipam4j.model.AllocationPolicy.defaults().withReuseGracePeriod("5m"))));
    claim("a", ReclaimPolicy.Retain);
    engine.deleteClaim(P, "a");
    clock.advance(Duration.ofHours(1));
    engine.recheck();
    assertThat(held())
        .singleElement()
        .satisfies(
            a -> assertThat(a.status().conditions()).anyMatch(c -> c.type().equals("Quarantined")));
    clock.advance(Duration.ofMinutes(5));
    engine.recheck();
    assertThat(held()).isEmpty();
  }

  @Test
  void durationsAreKubernetesDurations() {
    assertThatThrownBy(
            () ->
                engine.applyPool(
                    IPPool.of(
                        P, "net", IPPoolSpec.root("10.0.0.0/30").withMaxRetentionLease("30 days"))))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.maxRetentionLease: \"30 days\" is not a duration");
    assertThat(Durations.parse("f", "1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("f", "720h")).isEqualTo(Duration.ofDays(30));
    assertThat(Durations.parse("f", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("f", "250ms")).isEqualTo(Duration.ofMillis(250));
  }
}
