package org.ipam4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.engine.AccessPolicy;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.net.Cidr;
import org.ipam4j.store.IpamStore;
import org.junit.jupiter.api.Test;

class IpamFixturesTest {

  @Test
  void buildsAnEngineFromResources() {
    try (IpamEngine engine = IpamFixtures.engineFromResources("fixtures/web.yaml")) {
      IPClaim claim = engine.getClaim("default", "web-tier-v4").orElseThrow();
      assertThat(claim.status().phase()).isEqualTo(ClaimPhase.Bound);
      assertThat(claim.status().allocatedCIDR()).contains(Cidr.parse("10.0.0.0/24"));
    }
  }

  @Test
  void placesEngineErrorsAtTheirDocumentAndLine() {
    assertThatThrownBy(
            () ->
                IpamFixtures.engineFromYaml(
                    """
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPPool
        metadata: {name: p}
        spec: {cidr: 10.0.0.0/24}
        ---
        apiVersion: ipam.miloapis.com/v1alpha1
        kind: IPClaim
        metadata: {name: c}
        spec: {ipFamily: IPv6, prefixLength: 64, poolRef: {name: p}}
        """))
        .isInstanceOf(InvalidException.class)
        .hasMessage(
            "fixture: document 2, line 9, col 18: spec.ipFamily: IPv6 does not"
                + " match IPPool p, which is IPv4");
    assertThatThrownBy(() -> IpamFixtures.engineFromResources("fixtures/broken.yaml"))
        .isInstanceOf(InvalidException.class)
        .hasMessageStartingWith("fixtures/broken.yaml: document 2, line 10, col 18: spec.ipFamily");
  }

  @Test
  void aMissingResourceIsNamed() {
    assertThatThrownBy(() -> IpamFixtures.engineFromResources("fixtures/missing.yaml"))
        .isInstanceOf(InvalidException.class)
        .hasMessage("fixtures: \"fixtures/missing.yaml\" is not a resource on the class path");
  }

  @Test
  void sharedPoolsAreUsableAsIpamctlAllowsThemUnlessTheOptionsSayOtherwise() {
    try (IpamEngine engine = IpamFixtures.engineFromResources("/fixtures/shared-pool.yaml")) {
      assertThat(engine.getClaim("team-a", "team-a-services").orElseThrow().status().phase())
          .isEqualTo(ClaimPhase.Bound);
    }
    try (IpamEngine engine =
        IpamFixtures.options()
            .accessPolicy(AccessPolicy.denyAll())
            .engineFromResources("fixtures/shared-pool.yaml")) {
      assertThat(engine.getClaim("team-a", "team-a-services").orElseThrow().status().phase())
          .isEqualTo(ClaimPhase.Pending);
    }
  }

  @Test
  void failWhenExhaustedMakesAnUnboundClaimAFixtureError() {
    try (IpamEngine engine = IpamFixtures.engineFromResources("fixtures/full.yaml")) {
      assertThat(engine.getClaim("default", "c").orElseThrow().status().phase())
          .isEqualTo(ClaimPhase.Pending);
    }
    assertThatThrownBy(
            () ->
                IpamFixtures.options()
                    .failWhenExhausted(true)
                    .engineFromResources("fixtures/full.yaml"))
        .isInstanceOf(ExhaustedException.class)
        .hasMessageStartingWith("fixtures/full.yaml: document 4, line 17");
  }

  @Test
  void aFixedClockAndAnotherDefaultProject() {
    Instant then = Instant.parse("2026-01-01T00:00:00Z");
    try (IpamEngine engine =
        IpamFixtures.options()
            .clock(Clock.fixed(then, ZoneOffset.UTC))
            .defaultProject("team-b")
            .engineFromResources("fixtures/web.yaml")) {
      // The engine keeps creation times strictly increasing (they order waiting claims), so on a
      // fixed clock the second object is a nanosecond later.
      assertThat(engine.getPool("team-b", "web-pool").orElseThrow().metadata().creationTimestamp())
          .contains(then);
      assertThat(
              engine.getClaim("team-b", "web-tier-v4").orElseThrow().metadata().creationTimestamp())
          .contains(then.plusNanos(1));
      assertThat(engine.listClaims("default")).isEmpty();
    }
    assertThatThrownBy(() -> IpamFixtures.options().defaultProject("Team B"))
        .isInstanceOf(InvalidException.class)
        .hasMessage("defaultProject: \"Team B\" is not a valid project name");
  }

  @Test
  void aStoreGivenIsFilledAndLeftOpen() {
    try (IpamStore store = IpamStore.inMemory()) {
      IpamFixtures.options().store(store).engineFromResources("fixtures/web.yaml").close();
      assertThat(store.get(IPClaim.class, "default", "web-tier-v4")).isPresent();
    }
  }

  @Test
  void nothingIsAppliedWhenOneObjectIsRefused() {
    try (IpamStore store = IpamStore.inMemory()) {
      assertThatThrownBy(
          () -> IpamFixtures.options().store(store).engineFromResources("fixtures/broken.yaml"));
      assertThat(store.revision()).isZero();
    }
  }
}
