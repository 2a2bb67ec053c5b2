package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;
import org.ipam4j.testsupport.ObservedStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A change that may make room looks only at the claims that could use the pool it touched, in
 * arrival order; claims waiting in other projects or on other pools are not even read.
 */
class WaitingClaimsCostTest {

  /** Every claim the store handed out as waiting, by name, in the order handed out. */
  private final List<String> handedOut = new ArrayList<>();

  private IpamEngine engine;

  @BeforeEach
  void setUp() {
    IpamStore store = IpamStore.inMemory();
    IpamStore counting =
        ObservedStore.of(
            store,
            (method, out) -> {
              if (method.getName().equals("pendingClaims")) {
                for (Object c : (List<?>) out) {
                  handedOut.add(((IPClaim) c).metadata().name());
                }
              }
            });
    engine = IpamEngine.builder().store(counting).recheckWaiting(Duration.ZERO).build();
    for (String project : List.of("a", "b")) {
      engine.applyPool(
          IPPool.of(project, "full", IPPoolSpec.root("192.168.0.0/30"))
              .withLabels(Map.of("tier", "tiny")));
      engine.applyClaim(
          IPClaim.of(project, "holder", IPClaimSpec.fromPool(IpFamily.IPv4, 30, "full")));
    }
    // Waiting in a: by reference, in arrival order w2, w0, w1; and by a selector.
    for (String name : List.of("w2", "w0", "w1")) {
      engine.applyClaim(IPClaim.of("a", name, IPClaimSpec.fromPool(IpFamily.IPv4, 31, "full")));
    }
    engine.applyClaim(
        IPClaim.of(
            "a",
            "by-label",
            IPClaimSpec.fromSelector(
                IpFamily.IPv4, 31, PoolSelector.matching(Map.of("tier", "tiny")))));
    // Waiting in b, on b's pool.
    for (int i = 0; i < 50; i++) {
      engine.applyClaim(IPClaim.of("b", "b" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "full")));
    }
    handedOut.clear();
  }

  @Test
  void aPoolInAnotherProjectLooksAtNoWaitingClaim() {
    engine.applyPool(IPPool.of("c", "new", IPPoolSpec.root("10.0.0.0/16")));
    engine.applyPool(IPPool.of("a", "unlabelled", IPPoolSpec.root("10.0.0.0/16")));
    assertThat(handedOut).isEmpty();
  }

  @Test
  void freeingABlockTriesOnlyTheClaimsOfThatPoolInArrivalOrder() {
    engine.deleteClaim("a", "holder");
    assertThat(handedOut).containsExactly("w2", "w0", "w1", "by-label");
    // The /30 holds two /31s: the first two to arrive have them.
    assertThat(engine.getClaim("a", "w2").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("192.168.0.0/31"));
    assertThat(engine.getClaim("a", "w0").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("192.168.0.2/31"));
    assertThat(engine.getClaim("a", "w1").orElseThrow().isBound()).isFalse();
    assertThat(engine.listClaims("b").stream().filter(IPClaim::isBound)).hasSize(1);
  }

  @Test
  void aPoolThatGainsALabelLooksAtTheClaimsWaitingForThatLabel() {
    engine.applyPool(IPPool.of("a", "roomy", IPPoolSpec.root("10.0.0.0/16")));
    assertThat(handedOut).isEmpty();
    engine.applyPool(
        IPPool.of("a", "roomy", IPPoolSpec.root("10.0.0.0/16")).withLabels(Map.of("tier", "tiny")));
    assertThat(handedOut).containsExactly("by-label");
    assertThat(engine.getClaim("a", "by-label").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/31"));
  }
}
