package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.OptionalInt;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.model.AllocationPurpose;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.Reservations;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.EngineInvariants;
import org.junit.jupiter.api.Test;

/** {@code spec.reservations}: blocks a pool holds for itself, as real allocations. */
class ReservationsTest {

  private static final String P = "default";
  private final IpamEngine engine = IpamEngine.builder().failWhenExhausted(true).build();

  private IPPool pool(String cidr, Reservations reservations) {
    return engine
        .applyPool(IPPool.of(P, "net", IPPoolSpec.root(cidr).withReservations(reservations)))
        .object();
  }

  private IPClaim claim(String name, int length) {
    return engine
        .applyClaim(IPClaim.of(P, name, IPClaimSpec.fromPool(IpFamily.IPv4, length, "net")))
        .object();
  }

  private List<IPAllocation> reservations() {
    return engine.listAllocations(P).stream().filter(a -> a.spec().isReservation()).toList();
  }

  @Test
  void theReferenceEdgesAreHeldAsAllocationsAndNeverGivenToAClaim() {
    IPPool pool = pool("10.0.0.0/24", Reservations.edges(1, 1, 32));
    assertThat(reservations())
        .extracting(a -> a.status().allocatedCIDR().toString())
        .containsExactlyInAnyOrder("10.0.0.0/32", "10.0.0.255/32");
    assertThat(reservations())
        .allSatisfy(
            a -> {
              assertThat(a.spec().purpose()).isEqualTo(AllocationPurpose.Reservation);
              assertThat(a.spec().poolRef().name()).isEqualTo("net");
              assertThat(a.spec().claimRef()).isEmpty();
            });
    assertThat(pool.status().capacity().orElseThrow().allocated()).isEqualTo(BigInteger.TWO);
    for (int i = 0; i < 254; i++) {
      IPClaim c = claim("host-" + i, 32);
      assertThat(c.status().allocatedCIDR().orElseThrow().toString())
          .isNotIn("10.0.0.0/32", "10.0.0.255/32");
    }
    assertThatThrownBy(() -> claim("one-too-many", 32)).isInstanceOf(ExhaustedException.class);
    EngineInvariants.check(engine);
  }

  @Test
  void blocksAnywhereInThePoolAreReservedToo() {
    pool("10.0.0.0/24", Reservations.of("10.0.0.128/29", "10.0.0.64/30"));
    // Neither /25 is wholly free; of the /26s, the first and the last are.
    assertThatThrownBy(() -> claim("half", 25)).isInstanceOf(ExhaustedException.class);
    assertThat(claim("a", 26).status().allocatedCIDR().orElseThrow().toString())
        .isEqualTo("10.0.0.0/26");
    assertThat(claim("b", 26).status().allocatedCIDR().orElseThrow().toString())
        .isEqualTo("10.0.0.192/26");
    assertThatThrownBy(() -> claim("c", 26)).isInstanceOf(ExhaustedException.class);
    EngineInvariants.check(engine);
  }

  @Test
  void badReservationsAreRefusedNamingTheFieldAndStoreNothing() {
    long revision = engine.revision();
    assertThatThrownBy(
            () -> pool("10.0.0.0/24", new Reservations(1, 0, OptionalInt.empty(), List.of())))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.reservations.unitPrefixLength");
    assertThatThrownBy(() -> pool("10.0.0.0/24", Reservations.of("10.0.1.0/28")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.reservations.cidrs[0]")
        .hasMessageContaining("not inside");
    assertThatThrownBy(
            () ->
                pool(
                    "10.0.0.0/24",
                    new Reservations(1, 0, OptionalInt.of(28), List.of("10.0.0.8/29"))))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.reservations.cidrs[0]: 10.0.0.8/29 overlaps 10.0.0.0/28");
    assertThatThrownBy(() -> pool("10.0.0.0/24", Reservations.edges(3, 2, 26)))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("only 4 blocks of /26");
    assertThatThrownBy(() -> pool("10.0.0.0/16", Reservations.edges(600, 600, 32)))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("more than the 1024");
    assertThatThrownBy(() -> pool("10.0.0.0/24", Reservations.of("10.0.0.1/24")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("spec.reservations.cidrs[0]");
    assertThat(engine.revision()).isEqualTo(revision);
  }

  @Test
  void addingAReservationOverAClaimsBlockIsAConflictNamingTheClaim() {
    pool("10.0.0.0/24", Reservations.none());
    claim("web", 26); // 10.0.0.0/26
    long revision = engine.revision();
    IPPool stored = engine.getPool(P, "net").orElseThrow();
    assertThatThrownBy(
            () ->
                engine.applyPool(
                    IPPool.of(
                        P, "net", stored.spec().withReservations(Reservations.of("10.0.0.8/29")))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("10.0.0.8/29 is held by IPClaim default/web (10.0.0.0/26)");
    assertThat(engine.revision()).isEqualTo(revision);
    assertThat(reservations()).isEmpty();
    EngineInvariants.check(engine);
  }

  @Test
  void changingReservationsFreesTheOldBlocksAndTakesTheNew() {
    pool("10.0.0.0/30", Reservations.edges(1, 1, 32)); // .0 and .3 reserved
    claim("a", 32);
    claim("b", 32);
    assertThatThrownBy(() -> claim("c", 32)).isInstanceOf(ExhaustedException.class);
    IPPool stored = engine.getPool(P, "net").orElseThrow();
    Applied<IPPool> changed =
        engine.applyPool(
            IPPool.of(P, "net", stored.spec().withReservations(Reservations.edges(1, 0, 32))));
    assertThat(changed.outcome()).isEqualTo(Applied.Outcome.CONFIGURED);
    assertThat(changed.object().metadata().generation()).isEqualTo(2);
    assertThat(reservations())
        .extracting(a -> a.status().allocatedCIDR().toString())
        .containsExactly("10.0.0.0/32");
    assertThat(claim("c", 32).status().allocatedCIDR().orElseThrow().toString())
        .isEqualTo("10.0.0.3/32");
    EngineInvariants.check(engine);
  }

  @Test
  void aWaitingClaimIsBoundWhenAReservationIsTakenAway() {
    IpamEngine waiting = IpamEngine.inMemory();
    waiting.applyPool(
        IPPool.of(
            P,
            "net",
            IPPoolSpec.root("10.0.0.0/24").withReservations(Reservations.of("10.0.0.0/25"))));
    waiting.applyClaim(IPClaim.of(P, "big", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "net")));
    waiting.applyClaim(IPClaim.of(P, "bigger", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "net")));
    assertThat(waiting.getClaim(P, "bigger").orElseThrow().status().phase())
        .isEqualTo(ClaimPhase.Pending);
    IPPool stored = waiting.getPool(P, "net").orElseThrow();
    waiting.applyPool(IPPool.of(P, "net", stored.spec().withReservations(Reservations.none())));
    assertThat(waiting.getClaim(P, "bigger").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/25"));
    EngineInvariants.check(waiting);
  }

  @Test
  void aPoolGoesWithItsReservationsButNotWithAClaim() {
    pool("10.0.0.0/24", Reservations.edges(1, 1, 32));
    IPAllocation reserved = reservations().get(0);
    assertThatThrownBy(() -> engine.deleteAllocation(P, reserved.metadata().name()))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("spec.reservations");
    claim("web", 28);
    assertThatThrownBy(() -> engine.deletePool(P, "net"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("1 block (1 claim)");
    engine.deleteClaim(P, "web");
    engine.deletePool(P, "net");
    assertThat(engine.listAllocations(P)).isEmpty();
    EngineInvariants.check(engine);
  }

  @Test
  void aChildPoolReservesInsideItsCarve() {
    engine.applyPool(IPPool.of(P, "parent", IPPoolSpec.root("10.0.0.0/16")));
    IPPool child =
        engine
            .applyPool(
                IPPool.of(
                    P,
                    "rack",
                    IPPoolSpec.child("parent", 24).withReservations(Reservations.edges(1, 1, 32))))
            .object();
    assertThat(child.status().capacity().orElseThrow().allocated()).isEqualTo(BigInteger.TWO);
    assertThat(reservations())
        .extracting(a -> a.status().allocatedCIDR().toString())
        .containsExactlyInAnyOrder("10.0.0.0/32", "10.0.0.255/32");
    long revision = engine.revision();
    assertThatThrownBy(
            () ->
                engine.applyPool(
                    IPPool.of(
                        P,
                        "rack2",
                        IPPoolSpec.child("parent", 24)
                            .withReservations(Reservations.of("192.168.0.0/30")))))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("not inside the pool's 10.0.1.0/24");
    assertThat(engine.revision()).isEqualTo(revision);
    engine.deletePool(P, "rack");
    assertThat(engine.listAllocations(P)).isEmpty();
    EngineInvariants.check(engine);
  }

  @Test
  void theSameReservationsWrittenAnotherWayChangeNothing() {
    pool("10.0.0.0/24", Reservations.of("10.0.0.128/29"));
    IPPool stored = engine.getPool(P, "net").orElseThrow();
    Applied<IPPool> again =
        engine.applyPool(
            IPPool.of(P, "net", stored.spec().withReservations(Reservations.of("10.0.0.128/29"))));
    assertThat(again.outcome()).isEqualTo(Applied.Outcome.UNCHANGED);
  }
}
