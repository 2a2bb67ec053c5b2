package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.ipam4j.ConflictException;
import org.ipam4j.InvalidException;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Reservations;
import org.ipam4j.model.Visibility;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.EngineInvariants;
import org.junit.jupiter.api.Test;

/** {@code spec.address}: a claim for one specific block; {@code status.poolRef} and address. */
class SpecificClaimsTest {

  private static final String P = "default";
  private final IpamEngine engine = IpamEngine.inMemory();

  private void pool(String name, String cidr) {
    engine.applyPool(IPPool.of(P, name, IPPoolSpec.root(cidr)).withLabels(Map.of("net", name)));
  }

  private static IPClaim specific(String name, String pool, int length, String address) {
    return IPClaim.of(
        P, name, IPClaimSpec.fromPool(IpFamily.IPv4, length, pool).withAddress(address));
  }

  @Test
  void aFreeBlockIsBoundExactlyAndTheStatusNamesThePoolAndAddress() {
    pool("net", "10.0.0.0/16");
    IPClaim claim = engine.applyClaim(specific("gw", "net", 24, "10.0.7.0")).object();
    assertThat(claim.status().allocatedCIDR()).contains(Cidr.parse("10.0.7.0/24"));
    assertThat(claim.status().poolRef()).contains(PoolRef.of("net"));
    assertThat(claim.status().address()).isEmpty();
    IPClaim host = engine.applyClaim(specific("host", "net", 32, "10.0.0.1")).object();
    assertThat(host.status().address()).contains("10.0.0.1");
    // Idempotent like every claim.
    assertThat(engine.applyClaim(specific("gw", "net", 24, "10.0.7.0")).outcome())
        .isEqualTo(Applied.Outcome.UNCHANGED);
    EngineInvariants.check(engine);
  }

  @Test
  void anUnalignedAddressIsRefusedWithTheBlockItMeant() {
    pool("net", "10.0.0.0/16");
    long revision = engine.revision();
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 24, "10.0.7.5")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining(
            "spec.address: 10.0.7.5 is not the first address of a /24; did you mean 10.0.7.0?");
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 24, "10.0.7.0/24")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("write its first address alone");
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 24, "2001:db8::")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("is an IPv6 address; spec.ipFamily is IPv4");
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 24, "10.0.7")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("is not an IPv4 or IPv6 address");
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 24, "10.9.0.0")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.address: 10.9.0.0/24 is not inside IPPool net (10.0.0.0/16)");
    assertThat(engine.revision()).isEqualTo(revision);
  }

  @Test
  void aHeldBlockIsAConflictNamingTheHolderOnlyInTheClaimantsProject() {
    IpamEngine engine =
        IpamEngine.builder()
            .accessPolicy(AccessPolicy.byPoolAnnotation(AccessPolicy.ALLOWED_PROJECTS))
            .build();
    engine.applyPool(
        IPPool.of(
                "infra", "shared", IPPoolSpec.root("10.0.0.0/16").withVisibility(Visibility.shared))
            .withMetadata(
                IPPool.of("infra", "shared", IPPoolSpec.root("10.0.0.0/16"))
                    .metadata()
                    .withAnnotations(Map.of(AccessPolicy.ALLOWED_PROJECTS, "team-a, team-b"))));
    IPClaimSpec wanted =
        IPClaimSpec.fromPool(IpFamily.IPv4, 24, PoolRef.inProject("infra", "shared"))
            .withAddress("10.0.1.0");
    engine.applyClaim(IPClaim.of("team-a", "first", wanted));
    long revision = engine.revision();
    assertThatThrownBy(() -> engine.applyClaim(IPClaim.of("team-a", "second", wanted)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is held by IPClaim team-a/first (10.0.1.0/24)");
    assertThatThrownBy(() -> engine.applyClaim(IPClaim.of("team-b", "third", wanted)))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is held by a claim of another project")
        .hasMessageNotContaining("first");
    assertThat(engine.revision()).isEqualTo(revision);
    assertThat(engine.getClaim("team-a", "first").orElseThrow().status().poolRef())
        .contains(PoolRef.inProject("infra", "shared"));
  }

  @Test
  void aReservedBlockIsNeverGivenToASpecificClaim() {
    engine.applyPool(
        IPPool.of(
            P,
            "net",
            IPPoolSpec.root("10.0.0.0/24").withReservations(Reservations.edges(1, 0, 32))));
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 32, "10.0.0.0")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("a reservation of IPPool net");
    assertThatThrownBy(() -> engine.applyClaim(specific("big", "net", 25, "10.0.0.0")))
        .isInstanceOf(ConflictException.class);
  }

  @Test
  void aSelectorClaimIsBoundInThePoolThatHoldsTheAddress() {
    pool("a", "10.0.0.0/16");
    pool("b", "10.1.0.0/16");
    IPClaim claim =
        engine
            .applyClaim(
                IPClaim.of(
                    P,
                    "s",
                    IPClaimSpec.fromSelector(IpFamily.IPv4, 24, PoolSelector.matching(Map.of()))
                        .withAddress("10.1.3.0")))
            .object();
    assertThat(claim.status().allocatedCIDR()).contains(Cidr.parse("10.1.3.0/24"));
    assertThat(claim.status().poolRef()).contains(PoolRef.of("b"));
  }

  @Test
  void theAddressIsImmutable() {
    pool("net", "10.0.0.0/16");
    engine.applyClaim(specific("gw", "net", 24, "10.0.7.0"));
    assertThatThrownBy(() -> engine.applyClaim(specific("gw", "net", 24, "10.0.8.0")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.address: field is immutable (it is 10.0.7.0)");
  }

  @Test
  void aClaimWaitingForItsPoolIsBoundToItsBlockOrSaysWhoHoldsIt() {
    engine.applyClaim(specific("early", "net", 24, "10.0.5.0"));
    engine.applyClaim(specific("blocked", "other", 32, "10.1.0.0"));
    assertThat(engine.getClaim(P, "early").orElseThrow().status().phase())
        .isEqualTo(ClaimPhase.Pending);
    pool("net", "10.0.0.0/16");
    assertThat(engine.getClaim(P, "early").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.5.0/24"));
    // The pool it waits for reserves its block: the pool is created, the claim says why it waits.
    engine.applyPool(
        IPPool.of(
            P,
            "other",
            IPPoolSpec.root("10.1.0.0/24").withReservations(Reservations.edges(1, 0, 32))));
    IPClaim blocked = engine.getClaim(P, "blocked").orElseThrow();
    assertThat(blocked.status().phase()).isEqualTo(ClaimPhase.Pending);
    assertThat(blocked.status().conditions().get(0).reason()).isEqualTo("AddressInUse");
    assertThat(blocked.status().conditions().get(0).message())
        .contains("a reservation of IPPool other");
    EngineInvariants.check(engine);
  }

  @Test
  void aRetainedBlockIsRebornOnlyForTheSameAddress() {
    pool("net", "10.0.0.0/16");
    engine.applyClaim(
        IPClaim.of(
            P,
            "keep",
            IPClaimSpec.fromPool(IpFamily.IPv4, 24, "net")
                .withAddress("10.0.9.0")
                .withReclaimPolicy(ReclaimPolicy.Retain)));
    engine.deleteClaim(P, "keep");
    assertThatThrownBy(() -> engine.applyClaim(specific("keep", "net", 24, "10.0.10.0")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("retained");
    assertThat(
            engine
                .applyClaim(specific("keep", "net", 24, "10.0.9.0"))
                .object()
                .status()
                .allocatedCIDR())
        .contains(Cidr.parse("10.0.9.0/24"));
  }
}
