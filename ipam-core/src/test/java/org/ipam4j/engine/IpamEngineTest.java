package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.ipam4j.ConflictException;
import org.ipam4j.ExhaustedException;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.NotFoundException;
import org.ipam4j.allocator.Strategy;
import org.ipam4j.engine.Applied.Outcome;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.ConditionStatus;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.model.Visibility;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;
import org.junit.jupiter.api.Test;

class IpamEngineTest {

  private final IpamEngine engine = IpamEngine.inMemory();

  private static final String P = "default";

  private IPPool rootPool(String name, String cidr, Map<String, String> labels) {
    return engine.applyPool(IPPool.of(P, name, IPPoolSpec.root(cidr)).withLabels(labels)).object();
  }

  private IPClaim claimFrom(String name, String pool, int length) {
    return engine
        .applyClaim(
            IPClaim.of(
                P,
                name,
                IPClaimSpec.fromPool(
                    Cidr.parse(
                            engine
                                .getPool(P, pool)
                                .orElseThrow()
                                .status()
                                .allocatedCIDR()
                                .orElseThrow()
                                .toString())
                        .family(),
                    length,
                    pool)))
        .object();
  }

  // ---- pools ----

  @Test
  void anEngineThatFailsRatherThanWaitsDoesNotSayWaiting() {
    try (IpamEngine engine = IpamEngine.builder().failWhenExhausted(true).build()) {
      engine.applyPool(IPPool.of(P, "web-pool", IPPoolSpec.root("10.0.0.0/24")));
      assertThatThrownBy(
              () ->
                  engine.applyClaim(
                      IPClaim.of(P, "c", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web-pol"))))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "spec: no IPPool \"web-pol\" in project default (did you mean \"web-pool\"?)");
      assertThatThrownBy(
              () ->
                  engine.applyClaim(
                      IPClaim.of(
                          P,
                          "s",
                          IPClaimSpec.fromSelector(
                              IpFamily.IPv4,
                              24,
                              org.ipam4j.model.PoolSelector.matching(Map.of("tier", "none"))))))
          .isInstanceOf(NotFoundException.class)
          .hasMessageNotContaining("waiting");
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web-pool")));
      assertThatThrownBy(
              () ->
                  engine.applyClaim(
                      IPClaim.of(P, "b", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "web-pool"))))
          .isInstanceOf(org.ipam4j.ExhaustedException.class)
          .hasMessageNotContaining("waiting");
    }
  }

  @Test
  void aClaimWaitingForAPoolThatDoesNotExistSuggestsACloseNameOfItsOwnProject() {
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(java.time.Duration.ZERO).build()) {
      engine.applyPool(IPPool.of(P, "web-pool", IPPoolSpec.root("10.0.0.0/16")));
      engine.applyPool(IPPool.of("other", "zz-sites", IPPoolSpec.root("10.0.0.0/16")));
      IPClaim typo =
          engine
              .applyClaim(IPClaim.of(P, "c", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web-pol")))
              .object();
      assertThat(typo.status().phase()).isEqualTo(ClaimPhase.Pending);
      assertThat(typo.status().conditions().get(0).message())
          .isEqualTo(
              "no IPPool \"web-pol\" in project default (did you mean \"web-pool\"?); waiting for it");
      // Another project's pool is never suggested, however close.
      IPClaim far =
          engine
              .applyClaim(IPClaim.of(P, "d", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "zz-site")))
              .object();
      assertThat(far.status().conditions().get(0).message())
          .isEqualTo("no IPPool \"zz-site\" in project default; waiting for it");
      // Once the pool is there, the claim binds.
      engine.applyPool(IPPool.of(P, "web-pol", IPPoolSpec.root("10.1.0.0/16")));
      assertThat(engine.getClaim(P, "c").orElseThrow().isBound()).isTrue();
    }
  }

  @Test
  void aPoolThatCannotGoSaysWhatHoldsIt() {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      engine.applyPool(IPPool.of(P, "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(
          IPClaim.of(
              P,
              "kept",
              IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")
                  .withReclaimPolicy(org.ipam4j.model.ReclaimPolicy.Retain)));
      engine.deleteClaim(P, "kept");
      String retained = IPAllocation.nameForClaim(P, "kept");
      assertThatThrownBy(() -> engine.deletePool(P, "pool"))
          .isInstanceOf(ConflictException.class)
          .hasMessage(
              "IPPool default/pool still holds 1 block (1 retained allocation): IPAllocation default/"
                  + retained
                  + " holds 10.0.0.0/26, retained after its claim was deleted under reclaimPolicy"
                  + " Retain; delete it first");
      engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")));
      engine.applyClaim(IPClaim.of(P, "b", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")));
      assertThatThrownBy(() -> engine.deletePool(P, "pool"))
          .hasMessageStartingWith(
              "IPPool default/pool still holds 3 blocks (2 claims, 1 retained allocation): ");
    }
  }

  @Test
  void waitingClaimsAreListedOldestFirstAcrossProjects() {
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(java.time.Duration.ZERO).build()) {
      for (String project : List.of("b", "a")) {
        engine.applyPool(IPPool.of(project, "pool", IPPoolSpec.root("10.0.0.0/24")));
      }
      engine.applyClaim(IPClaim.of("b", "full", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "pool")));
      engine.applyClaim(IPClaim.of("b", "first", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "pool")));
      engine.applyClaim(IPClaim.of("a", "bound", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "pool")));
      engine.applyClaim(IPClaim.of("a", "second", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "pool")));
      assertThat(engine.listWaitingClaims())
          .extracting(c -> c.metadata().key())
          .containsExactly("b/first", "a/second");
      assertThat(engine.listWaitingClaims())
          .allMatch(c -> c.status().phase() == ClaimPhase.Pending);
    }
  }

  @Test
  void aClaimHeldBackWhileAccessIsRevokedIsRefused() throws Exception {
    IpamStore shared = IpamStore.inMemory();
    org.ipam4j.testsupport.RevocationRace.run(shared, shared);
  }

  @Test
  void annotationsAreLimitedTo256KiBAsInKubernetes() {
    String note = "x".repeat(256 * 1024 - "note".length());
    engine.applyPool(
        IPPool.of(P, "fits", IPPoolSpec.root("10.9.0.0/16"))
            .withMetadata(ObjectMeta.of(P, "fits").withAnnotations(Map.of("note", note))));
    assertThatThrownBy(
            () ->
                engine.applyPool(
                    IPPool.of(P, "over", IPPoolSpec.root("10.10.0.0/16"))
                        .withMetadata(
                            ObjectMeta.of(P, "over").withAnnotations(Map.of("note", note + "é")))))
        .isInstanceOf(InvalidException.class)
        .hasMessage(
            "metadata.annotations: keys and values take 262146 bytes, more than the"
                + " limit of 262144 (256 KiB), as in Kubernetes");
    assertThat(engine.getPool(P, "over")).isEmpty();
  }

  @Test
  void aChildPoolsCarveObeysItsParentsAllocationBounds() {
    engine.applyPool(
        IPPool.of(
            P,
            "v6-global",
            IPPoolSpec.root("2001:db8::/32")
                .withAllocation(AllocationPolicy.defaults().withBounds(48, 128))));
    assertThatThrownBy(
            () -> engine.applyPool(IPPool.of(P, "site", IPPoolSpec.child("v6-global", 33))))
        .isInstanceOf(InvalidException.class)
        .hasMessage(
            "spec.prefixLength: 33 is outside the parent IPPool v6-global's allowed"
                + " range /48-/128");
    assertThat(engine.getPool(P, "site")).isEmpty();
    assertThat(
            engine
                .applyPool(IPPool.of(P, "site", IPPoolSpec.child("v6-global", 48)))
                .object()
                .status()
                .allocatedCIDR())
        .contains(Cidr.parse("2001:db8::/48"));
  }

  @Test
  void aRootPoolsCidrIsStoredCanonicalAndStrayCharactersAreRefused() {
    for (String bad : List.of(" 10.1.0.0/16", "10.1.0.0/16\0", "10.1.0.0/16\n", "10.1.0.0 /16")) {
      assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "p", IPPoolSpec.root(bad))))
          .as(bad)
          .isInstanceOf(InvalidException.class)
          .hasMessageContaining("spec.cidr")
          .hasMessageContaining("whitespace or control");
    }
    assertThat(engine.listPools(P)).isEmpty();
    IPPool v6 = engine.applyPool(IPPool.of(P, "v6", IPPoolSpec.root("2001:DB8:0::/32"))).object();
    assertThat(v6.spec().cidr()).contains("2001:db8::/32");
    // Another spelling of the same block is the same spec; another block is immutable.
    assertThat(engine.applyPool(IPPool.of(P, "v6", IPPoolSpec.root("2001:db8::/32"))).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThat(engine.applyPool(IPPool.of(P, "v6", IPPoolSpec.root("2001:DB8::/32"))).outcome())
        .isEqualTo(Outcome.UNCHANGED);
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "v6", IPPoolSpec.root("2001:db9::/32"))))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("field is immutable");
  }

  @Test
  void ipv4MappedIpv6PoolsAreRefusedNamingTheIpv4Form() {
    rootPool("v4", "10.1.0.0/16", Map.of());
    for (String[] mapped :
        new String[][] {
          {"::ffff:10.1.0.0/112", "10.1.0.0/16"},
          {"::ffff:0:0/96", "0.0.0.0/0"},
          {"::ffff:192.168.1.7/128", "192.168.1.7/32"}
        }) {
      assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "mapped", IPPoolSpec.root(mapped[0]))))
          .as(mapped[0])
          .isInstanceOf(InvalidException.class)
          .hasMessageContaining("spec.cidr")
          .hasMessageContaining("IPv4-mapped")
          .hasMessageContaining("IPv4 form " + mapped[1]);
    }
    assertThat(engine.getPool(P, "mapped")).isEmpty();
    // Around the mapped range is ordinary IPv6 space.
    rootPool("v6", "::fffe:0:0/96", Map.of());
    rootPool("all", "2001:db8::/32", Map.of());
  }

  @Test
  void rootPoolIsReadyAtOnceWithExactStatus() {
    IPPool pool = rootPool("web", "10.0.0.0/16", Map.of("tier", "web"));
    assertThat(pool.status().phase()).isEqualTo(PoolPhase.Ready);
    assertThat(pool.status().allocatedCIDR()).contains(Cidr.parse("10.0.0.0/16"));
    assertThat(pool.status().ipFamily()).contains(IpFamily.IPv4);
    assertThat(pool.spec().ipFamily()).contains(IpFamily.IPv4);
    assertThat(pool.status().capacity().orElseThrow().total()).isEqualTo(BigInteger.valueOf(65536));
    assertThat(pool.status().largestFreePrefix()).hasValue(16);
    assertThat(pool.status().utilizationPercent()).isEqualTo(java.math.BigDecimal.ZERO);
    assertThat(pool.status().conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.type()).isEqualTo("Allocated");
              assertThat(c.status()).isEqualTo(ConditionStatus.True);
              assertThat(c.reason()).isEqualTo("AllocationSucceeded");
            });
    assertThat(pool.metadata().uid()).isNotEmpty();
    assertThat(pool.metadata().resourceVersion()).isPositive();
    assertThat(pool.metadata().generation()).isEqualTo(1);
    assertThat(pool.metadata().creationTimestamp()).isPresent();
  }

  @Test
  void ipv6CapacityIsExactAtAnySize() {
    IPPool pool = rootPool("all", "::/0", Map.of());
    assertThat(pool.status().capacity().orElseThrow().total()).isEqualTo(BigInteger.TWO.pow(128));
    assertThat(pool.status().largestFreePrefix()).as("a wholly free /0").hasValue(0);
    engine.applyClaim(IPClaim.of(P, "half", IPClaimSpec.fromPool(IpFamily.IPv6, 1, "all")));
    IPPool after = engine.getPool(P, "all").orElseThrow();
    assertThat(after.status().capacity().orElseThrow().allocated())
        .isEqualTo(BigInteger.TWO.pow(127));
    assertThat(after.status().utilizationPercent()).isEqualTo(java.math.BigDecimal.valueOf(50));
    assertThat(after.status().largestFreePrefix()).hasValue(1);
    engine.applyClaim(IPClaim.of(P, "rest", IPClaimSpec.fromPool(IpFamily.IPv6, 1, "all")));
    IPPool full = engine.getPool(P, "all").orElseThrow();
    assertThat(full.status().phase()).isEqualTo(PoolPhase.Exhausted);
    assertThat(full.status().largestFreePrefix()).as("exhausted, no sentinel").isEmpty();
  }

  @Test
  void reapplyingAPoolIsUnchangedAndChangingImmutablesIsRefused() {
    IPPool spec = IPPool.of(P, "web", IPPoolSpec.root("10.0.0.0/16"));
    assertThat(engine.applyPool(spec).outcome()).isEqualTo(Outcome.CREATED);
    assertThat(engine.applyPool(spec).outcome()).isEqualTo(Outcome.UNCHANGED);
    Applied<IPPool> relabeled = engine.applyPool(spec.withLabels(Map.of("tier", "web")));
    assertThat(relabeled.outcome()).isEqualTo(Outcome.CONFIGURED);
    assertThat(relabeled.object().metadata().generation()).isEqualTo(1);
    Applied<IPPool> bounded =
        engine.applyPool(
            spec.withSpec(
                spec.spec().withAllocation(AllocationPolicy.defaults().withBounds(20, 28))));
    assertThat(bounded.object().metadata().generation()).isEqualTo(2);
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "web", IPPoolSpec.root("10.1.0.0/16"))))
        .isInstanceOf(InvalidException.class)
        .hasMessage("spec.cidr: field is immutable (it is 10.0.0.0/16)");
  }

  @Test
  void rootPoolsInOneProjectMayNotOverlap() {
    rootPool("a", "10.0.0.0/16", Map.of());
    assertThatThrownBy(() -> rootPool("b", "10.0.128.0/17", Map.of()))
        .isInstanceOf(ConflictException.class)
        .hasMessage("spec.cidr: 10.0.128.0/17 overlaps IPPool a (10.0.0.0/16) in project default");
    engine.applyPool(IPPool.of("other", "b", IPPoolSpec.root("10.0.128.0/17")));
    assertThat(engine.getPool("other", "b")).isPresent();
    assertThat(engine.getPool(P, "b")).isEmpty();
  }

  @Test
  void poolValidationReportsEveryProblem() {
    IPPoolSpec both =
        new IPPoolSpec(
            Optional.of("10.0.0.1/8"),
            Optional.of(IpFamily.IPv6),
            Optional.of(new org.ipam4j.model.LocalRef("p")),
            OptionalInt.of(24),
            AllocationPolicy.defaults().withBounds(30, 20),
            Optional.empty());
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "Bad_Name", both)))
        .isInstanceOf(InvalidException.class)
        .satisfies(
            e ->
                assertThat(((InvalidException) e).violations())
                    .extracting(InvalidException.Violation::field)
                    .containsExactly(
                        "metadata.name",
                        "spec.cidr",
                        "spec.parentPoolRef",
                        "spec.prefixLength",
                        "spec.allocation.minPrefixLength"));
    assertThatThrownBy(
            () ->
                engine.applyPool(
                    IPPool.of(
                        P,
                        "x",
                        new IPPoolSpec(
                            Optional.empty(),
                            Optional.empty(),
                            Optional.empty(),
                            OptionalInt.empty(),
                            AllocationPolicy.defaults(),
                            Optional.empty()))))
        .hasMessageStartingWith("spec.cidr: required for a root pool");
    IPPool badAnnotation = IPPool.of(P, "x", IPPoolSpec.root("10.0.0.0/8"));
    assertThatThrownBy(
            () ->
                engine.applyPool(
                    badAnnotation.withMetadata(
                        badAnnotation
                            .metadata()
                            .withAnnotations(
                                Map.of("-bad-", "any value is fine", "ok.example/key", "v")))))
        .isInstanceOf(InvalidException.class)
        .hasMessageStartingWith("metadata.annotations: label key \"-bad-\"");
    assertThat(engine.listPools(P)).isEmpty();
  }

  @Test
  void childPoolsCarveFromTheirParentAndFreeItOnDelete() {
    rootPool("v6", "2001:db8::/32", Map.of());
    IPPool child = engine.applyPool(IPPool.of(P, "site-a", IPPoolSpec.child("v6", 48))).object();
    assertThat(child.status().allocatedCIDR()).contains(Cidr.parse("2001:db8::/48"));
    assertThat(child.status().ipFamily()).contains(IpFamily.IPv6);
    assertThat(child.status().capacity().orElseThrow().total()).isEqualTo(BigInteger.TWO.pow(80));
    IPPool parent = engine.getPool(P, "v6").orElseThrow();
    assertThat(parent.status().capacity().orElseThrow().allocated())
        .isEqualTo(BigInteger.TWO.pow(80));
    IPAllocation carve =
        engine.getAllocation(P, IPAllocation.nameForChildPool(P, "site-a")).orElseThrow();
    assertThat(carve.spec().childPoolRef().orElseThrow().name()).isEqualTo("site-a");
    assertThatThrownBy(() -> engine.deleteAllocation(P, carve.metadata().name()))
        .isInstanceOf(ConflictException.class);
    // The parent cannot go while its child holds a block.
    assertThatThrownBy(() -> engine.deletePool(P, "v6"))
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "IPPool default/v6 still holds 1 block (1 child pool): child IPPool default/site-a holds "
                + carve.status().allocatedCIDR()
                + "; delete it first");
    IPClaim c =
        engine
            .applyClaim(IPClaim.of(P, "host", IPClaimSpec.fromPool(IpFamily.IPv6, 64, "site-a")))
            .object();
    assertThat(c.status().allocatedCIDR()).contains(Cidr.parse("2001:db8::/64"));
    assertThatThrownBy(() -> engine.deletePool(P, "site-a")).isInstanceOf(ConflictException.class);
    engine.deleteClaim(P, "host");
    engine.deletePool(P, "site-a");
    assertThat(engine.getPool(P, "v6").orElseThrow().status().capacity().orElseThrow().allocated())
        .isZero();
    assertThat(engine.listAllocations(P)).isEmpty();
    engine.deletePool(P, "v6");
    assertThat(engine.listPools(P)).isEmpty();
  }

  @Test
  void childPoolErrors() {
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "c", IPPoolSpec.child("nope", 24))))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("spec.parentPoolRef.name: no IPPool \"nope\" in project default");
    rootPool("p", "10.0.0.0/24", Map.of());
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "c", IPPoolSpec.child("p", 16))))
        .isInstanceOf(InvalidException.class)
        .hasMessage("spec.prefixLength: /16 is larger than the parent IPPool p (10.0.0.0/24)");
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "c", IPPoolSpec.child("p", 33))))
        .isInstanceOf(InvalidException.class);
    engine.applyPool(IPPool.of(P, "c1", IPPoolSpec.child("p", 24)));
    assertThatThrownBy(() -> engine.applyPool(IPPool.of(P, "c2", IPPoolSpec.child("p", 25))))
        .isInstanceOf(ExhaustedException.class);
    assertThat(engine.getPool(P, "p").orElseThrow().status().phase())
        .isEqualTo(PoolPhase.Exhausted);
  }

  // ---- claims ----

  @Test
  void claimByRefIsBoundWithAllocationAndCondition() {
    rootPool("web", "10.0.0.0/16", Map.of());
    IPClaim c = claimFrom("a", "web", 24);
    assertThat(c.status().phase()).isEqualTo(ClaimPhase.Bound);
    assertThat(c.status().allocatedCIDR()).contains(Cidr.parse("10.0.0.0/24"));
    String allocName = IPAllocation.nameForClaim(P, "a");
    assertThat(allocName).matches("alloc-[0-9a-f]{16}");
    assertThat(c.status().boundAllocationRef().orElseThrow().name()).isEqualTo(allocName);
    assertThat(c.status().conditions())
        .singleElement()
        .satisfies(
            cond -> {
              assertThat(cond.type()).isEqualTo("Ready");
              assertThat(cond.status()).isEqualTo(ConditionStatus.True);
              assertThat(cond.reason()).isEqualTo("Bound");
            });
    IPAllocation a = engine.getAllocation(P, allocName).orElseThrow();
    assertThat(a.status().allocatedCIDR()).isEqualTo(Cidr.parse("10.0.0.0/24"));
    assertThat(a.spec().claimRef().orElseThrow().name()).isEqualTo("a");
    assertThat(a.spec().poolRef()).isEqualTo(PoolRef.of("web"));
    IPPool pool = engine.getPool(P, "web").orElseThrow();
    assertThat(pool.status().capacity().orElseThrow().allocated())
        .isEqualTo(BigInteger.valueOf(256));
  }

  @Test
  void allocationNameMatchesTheReferenceServersScheme() throws Exception {
    byte[] sum =
        java.security.MessageDigest.getInstance("SHA-256")
            .digest("default/web-tier-v4".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String expected = "alloc-" + java.util.HexFormat.of().formatHex(sum, 0, 8);
    assertThat(IPAllocation.nameForClaim("default", "web-tier-v4")).isEqualTo(expected);
  }

  @Test
  void reapplyingAClaimReturnsTheSameBlock() {
    rootPool("web", "10.0.0.0/16", Map.of());
    IPClaim spec = IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web"));
    IPClaim first = engine.applyClaim(spec).object();
    Applied<IPClaim> again = engine.applyClaim(spec);
    assertThat(again.outcome()).isEqualTo(Outcome.UNCHANGED);
    assertThat(again.object().status().allocatedCIDR()).isEqualTo(first.status().allocatedCIDR());
    assertThat(engine.listAllocations(P)).hasSize(1);
    assertThat(engine.applyClaim(spec.withLabels(Map.of("x", "y"))).outcome())
        .isEqualTo(Outcome.CONFIGURED);
    assertThat(engine.listAllocations(P)).hasSize(1);
  }

  @Test
  void immutableClaimFieldsCannotChange() {
    rootPool("web", "10.0.0.0/16", Map.of());
    engine.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web")));
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "web"))))
        .isInstanceOf(InvalidException.class)
        .hasMessage("spec.prefixLength: field is immutable (it is 24)");
    // reclaimPolicy may change.
    Applied<IPClaim> changed =
        engine.applyClaim(
            IPClaim.of(
                P,
                "a",
                IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web")
                    .withReclaimPolicy(ReclaimPolicy.Retain)));
    assertThat(changed.outcome()).isEqualTo(Outcome.CONFIGURED);
    assertThat(changed.object().metadata().generation()).isEqualTo(2);
  }

  @Test
  void claimValidationNamesTheFields() {
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 33, "web"))))
        .isInstanceOf(InvalidException.class)
        .hasMessage("spec.prefixLength: 33 is not a valid IPv4 prefix length (0-32)");
    IPClaimSpec neither =
        new IPClaimSpec(
            IpFamily.IPv4,
            24,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ReclaimPolicy.Delete);
    assertThatThrownBy(() -> engine.applyClaim(IPClaim.of(P, "a", neither)))
        .hasMessage("spec: exactly one of poolRef or poolSelector must be specified");
    IPClaimSpec both =
        new IPClaimSpec(
            IpFamily.IPv4,
            24,
            Optional.of(PoolRef.of("p")),
            Optional.of(PoolSelector.matching(Map.of())),
            Optional.empty(),
            ReclaimPolicy.Delete);
    assertThatThrownBy(() -> engine.applyClaim(IPClaim.of(P, "a", both)))
        .hasMessage("spec: poolRef and poolSelector are mutually exclusive");
    assertThat(engine.listClaims(P)).isEmpty();
  }

  @Test
  void claimsThatThePoolCanNeverSatisfyAreInvalid() {
    rootPool("web", "10.0.0.0/16", Map.of());
    engine.applyPool(
        IPPool.of(
            P,
            "web",
            IPPoolSpec.root("10.0.0.0/16")
                .withAllocation(AllocationPolicy.defaults().withBounds(20, 28))));
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "v6", IPClaimSpec.fromPool(IpFamily.IPv6, 64, "web"))))
        .isInstanceOf(InvalidException.class)
        .hasMessage("spec.ipFamily: IPv6 does not match IPPool web, which is IPv4");
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "big", IPClaimSpec.fromPool(IpFamily.IPv4, 8, "web"))))
        .hasMessage("spec.prefixLength: /8 is larger than IPPool web (10.0.0.0/16)");
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "tiny", IPClaimSpec.fromPool(IpFamily.IPv4, 30, "web"))))
        .hasMessage("spec.prefixLength: 30 is outside IPPool web's allowed range /20-/28");
    assertThat(engine.listClaims(P)).isEmpty();
  }

  @Test
  void selectorTriesMatchingPoolsInNameOrderAndTakesTheFirstWithRoom() {
    rootPool("b-web", "10.1.0.0/24", Map.of("tier", "web"));
    rootPool("a-web", "10.0.0.0/24", Map.of("tier", "web"));
    rootPool("c-db", "10.2.0.0/24", Map.of("tier", "db"));
    rootPool("d-web6", "2001:db8::/64", Map.of("tier", "web"));
    PoolSelector web = PoolSelector.matching(Map.of("tier", "web"));
    IPClaim first =
        engine
            .applyClaim(IPClaim.of(P, "x", IPClaimSpec.fromSelector(IpFamily.IPv4, 24, web)))
            .object();
    assertThat(first.status().allocatedCIDR()).contains(Cidr.parse("10.0.0.0/24"));
    // a-web is full; the reference server would fail here.
    IPClaim second =
        engine
            .applyClaim(IPClaim.of(P, "y", IPClaimSpec.fromSelector(IpFamily.IPv4, 24, web)))
            .object();
    assertThat(second.status().allocatedCIDR()).contains(Cidr.parse("10.1.0.0/24"));
    // Pools of another family are skipped.
    IPClaim v6 =
        engine
            .applyClaim(IPClaim.of(P, "z", IPClaimSpec.fromSelector(IpFamily.IPv6, 80, web)))
            .object();
    assertThat(v6.status().allocatedCIDR()).contains(Cidr.parse("2001:db8::/80"));
    // An empty selector matches every pool in scope.
    IPClaim any =
        engine
            .applyClaim(
                IPClaim.of(
                    P,
                    "w",
                    IPClaimSpec.fromSelector(IpFamily.IPv4, 25, PoolSelector.matching(Map.of()))))
            .object();
    assertThat(any.status().allocatedCIDR()).contains(Cidr.parse("10.2.0.0/25"));
  }

  @Test
  void claimsWaitAndAreBoundInArrivalOrderWhenSpaceFrees() {
    rootPool("small", "10.0.0.0/24", Map.of());
    claimFrom("holder", "small", 24);
    IPClaim first =
        engine
            .applyClaim(IPClaim.of(P, "first", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "small")))
            .object();
    IPClaim second =
        engine
            .applyClaim(IPClaim.of(P, "second", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "small")))
            .object();
    IPClaim third =
        engine
            .applyClaim(IPClaim.of(P, "third", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "small")))
            .object();
    assertThat(first.status().phase()).isEqualTo(ClaimPhase.Pending);
    assertThat(first.status().conditions())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo(ConditionStatus.False);
              assertThat(c.reason()).isEqualTo("PoolExhausted");
              assertThat(c.message()).isEqualTo("no free /25 in IPPool small; waiting for space");
            });
    assertThat(second.status().phase()).isEqualTo(ClaimPhase.Pending);
    assertThat(third.status().phase()).isEqualTo(ClaimPhase.Pending);
    engine.deleteClaim(P, "holder");
    assertThat(engine.getClaim(P, "first").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/25"));
    assertThat(engine.getClaim(P, "second").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.128/25"));
    assertThat(engine.getClaim(P, "third").orElseThrow().status().phase())
        .isEqualTo(ClaimPhase.Pending);
  }

  @Test
  void aLargeWaitingClaimDoesNotBlockSmallerOnes() {
    rootPool("small", "10.0.0.0/24", Map.of());
    claimFrom("holder", "small", 25);
    claimFrom("other", "small", 25);
    engine.applyClaim(IPClaim.of(P, "big", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "small")));
    engine.applyClaim(IPClaim.of(P, "little", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "small")));
    engine.deleteClaim(P, "holder");
    assertThat(engine.getClaim(P, "big").orElseThrow().status().phase())
        .isEqualTo(ClaimPhase.Pending);
    assertThat(engine.getClaim(P, "little").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/26"));
  }

  @Test
  void claimsWaitForAPoolThatDoesNotExistYet() {
    IPClaim byRef =
        engine
            .applyClaim(IPClaim.of(P, "r", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "later")))
            .object();
    assertThat(byRef.status().phase()).isEqualTo(ClaimPhase.Pending);
    assertThat(byRef.status().conditions().get(0).reason()).isEqualTo("PoolNotFound");
    IPClaim bySelector =
        engine
            .applyClaim(
                IPClaim.of(
                    P,
                    "s",
                    IPClaimSpec.fromSelector(
                        IpFamily.IPv4, 24, PoolSelector.matching(Map.of("tier", "web")))))
            .object();
    assertThat(bySelector.status().conditions().get(0).reason()).isEqualTo("NoMatchingPool");
    rootPool("later", "10.0.0.0/16", Map.of("tier", "web"));
    assertThat(engine.getClaim(P, "r").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/24"));
    assertThat(engine.getClaim(P, "s").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.1.0/24"));
  }

  @Test
  void aWaitingClaimLearnsWhenItsPoolCanNeverSatisfyIt() {
    rootPool("parent", "10.0.0.0/16", Map.of());
    IPClaim spec = IPClaim.of(P, "k", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "small"));
    engine.applyClaim(spec);
    engine.applyPool(IPPool.of(P, "small", IPPoolSpec.child("parent", 25)));
    IPClaim waiting = engine.getClaim(P, "k").orElseThrow();
    assertThat(waiting.status().phase()).isEqualTo(ClaimPhase.Pending);
    assertThat(waiting.status().conditions().get(0).reason()).isEqualTo("PoolCannotSatisfy");
    assertThat(waiting.status().conditions().get(0).message())
        .isEqualTo("spec.prefixLength: /24 is larger than IPPool small (10.0.0.0/25)");
    // Re-applying reports the error and, like every failed operation, changes nothing.
    long revision = engine.store().revision();
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "k", spec.spec().withReclaimPolicy(ReclaimPolicy.Retain))))
        .isInstanceOf(InvalidException.class);
    assertThat(engine.store().revision()).isEqualTo(revision);
  }

  @Test
  void relabelingAPoolLetsWaitingClaimsMatchIt() {
    rootPool("p", "10.0.0.0/16", Map.of());
    engine.applyClaim(
        IPClaim.of(
            P,
            "s",
            IPClaimSpec.fromSelector(
                IpFamily.IPv4, 24, PoolSelector.matching(Map.of("tier", "web")))));
    engine.applyPool(
        IPPool.of(P, "p", IPPoolSpec.root("10.0.0.0/16")).withLabels(Map.of("tier", "web")));
    assertThat(engine.getClaim(P, "s").orElseThrow().isBound()).isTrue();
  }

  @Test
  void failFastEngineThrowsInsteadOfWaiting() {
    IpamEngine strict = IpamEngine.builder().failWhenExhausted(true).build();
    strict.applyPool(IPPool.of(P, "p", IPPoolSpec.root("10.0.0.0/24")));
    strict.applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "p")));
    assertThatThrownBy(
            () ->
                strict.applyClaim(IPClaim.of(P, "b", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "p"))))
        .isInstanceOf(ExhaustedException.class)
        .satisfies(e -> assertThat(((IpamException) e).statusCode()).isEqualTo(507));
    assertThatThrownBy(
            () ->
                strict.applyClaim(
                    IPClaim.of(P, "c", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "missing"))))
        .isInstanceOf(NotFoundException.class);
    assertThat(strict.listClaims(P)).extracting(c -> c.metadata().name()).containsExactly("a");
  }

  @Test
  void deleteUnderDeleteFreesTheBlockForReuse() {
    rootPool("p", "10.0.0.0/24", Map.of());
    claimFrom("a", "p", 25);
    engine.deleteClaim(P, "a");
    assertThat(engine.listAllocations(P)).isEmpty();
    assertThat(engine.getPool(P, "p").orElseThrow().status().capacity().orElseThrow().allocated())
        .isZero();
    assertThat(claimFrom("b", "p", 24).status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/24"));
    assertThatThrownBy(() -> engine.deleteClaim(P, "a")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void retainKeepsTheBlockUntilTheAllocationIsDeletedOrRebound() {
    rootPool("p", "10.0.0.0/24", Map.of());
    IPClaim spec =
        IPClaim.of(
            P,
            "keep",
            IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p").withReclaimPolicy(ReclaimPolicy.Retain));
    Cidr block = engine.applyClaim(spec).object().status().allocatedCIDR().orElseThrow();
    String allocName = IPAllocation.nameForClaim(P, "keep");
    assertThatThrownBy(() -> engine.deleteAllocation(P, allocName))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("is bound to IPClaim keep");
    engine.deleteClaim(P, "keep");
    IPAllocation retained = engine.getAllocation(P, allocName).orElseThrow();
    assertThat(retained.spec().claimRef()).isEmpty();
    assertThat(engine.getPool(P, "p").orElseThrow().status().capacity().orElseThrow().allocated())
        .isEqualTo(BigInteger.valueOf(64));
    // Re-creating the claim rebinds the retained block.
    IPClaim again = engine.applyClaim(spec).object();
    assertThat(again.status().allocatedCIDR()).contains(block);
    assertThat(engine.getAllocation(P, allocName).orElseThrow().spec().claimRef()).isPresent();
    engine.deleteClaim(P, "keep");
    // A claim of the same name asking for something else cannot take the name.
    assertThatThrownBy(
            () ->
                engine.applyClaim(
                    IPClaim.of(P, "keep", IPClaimSpec.fromPool(IpFamily.IPv4, 25, "p"))))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("holds 10.0.0.0/26");
    engine.deleteAllocation(P, allocName);
    assertThat(engine.getPool(P, "p").orElseThrow().status().capacity().orElseThrow().allocated())
        .isZero();
    assertThatThrownBy(() -> engine.deleteAllocation(P, allocName))
        .isInstanceOf(NotFoundException.class);
  }

  // ---- batch ----

  @Test
  void aBatchBindsEveryClaimInOneCommit() {
    rootPool("a", "10.0.0.0/24", Map.of("tier", "web"));
    rootPool("b", "10.0.1.0/24", Map.of("tier", "web"));
    List<IPClaim> batch = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      batch.add(
          IPClaim.of(
              P,
              "c" + i,
              IPClaimSpec.fromSelector(
                  IpFamily.IPv4, 26, PoolSelector.matching(Map.of("tier", "web")))));
    }
    long revision = engine.store().revision();
    List<IPClaim> bound = engine.applyClaims(batch);
    assertThat(engine.store().revision()).isEqualTo(revision + 1);
    assertThat(bound)
        .extracting(c -> c.status().allocatedCIDR().orElseThrow().toString())
        .containsExactly(
            "10.0.0.0/26",
            "10.0.0.64/26",
            "10.0.0.128/26",
            "10.0.0.192/26",
            "10.0.1.0/26",
            "10.0.1.64/26");
    // Re-running the same batch changes nothing and returns the same blocks.
    assertThat(engine.applyClaims(batch)).isEqualTo(bound);
    assertThat(engine.store().revision()).isEqualTo(revision + 1);
    org.ipam4j.testsupport.EngineInvariants.check(engine);
  }

  @Test
  void aBatchThatCannotAllFitStoresNothing() {
    rootPool("a", "10.0.0.0/25", Map.of());
    List<IPClaim> batch =
        List.of(
            IPClaim.of(P, "x", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "a")),
            IPClaim.of(P, "y", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "a")),
            IPClaim.of(P, "z", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "a")));
    long revision = engine.store().revision();
    assertThatThrownBy(() -> engine.applyClaims(batch))
        .isInstanceOf(ExhaustedException.class)
        .hasMessage("objects[2] IPClaim default/z: spec.prefixLength: no free /26 in IPPool a");
    assertThat(engine.store().revision()).isEqualTo(revision);
    assertThat(engine.listClaims(P)).isEmpty();
    // The trees were put back: the same blocks are still free.
    assertThat(claimFrom("x", "a", 25).status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/25"));
    assertThatThrownBy(
            () ->
                engine.applyClaims(
                    List.of(
                        IPClaim.of(P, "ok", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "a")),
                        IPClaim.of(P, "bad", IPClaimSpec.fromPool(IpFamily.IPv4, 40, "a")))))
        .isInstanceOf(ExhaustedException.class)
        .hasMessage(
            "objects[0] IPClaim default/ok: spec.prefixLength: no free /26 in IPPool a;"
                + " objects[1] IPClaim default/bad: spec.prefixLength: 40 is not a valid IPv4"
                + " prefix length (0-32)");
  }

  // ---- projects and access ----

  @Test
  void crossProjectClaimsNeedASharedPoolAndPermission() {
    engine.applyPool(
        IPPool.of(
                "infra", "shared", IPPoolSpec.root("10.0.0.0/16").withVisibility(Visibility.shared))
            .withLabels(Map.of("tier", "web")));
    engine.applyPool(
        IPPool.of("infra", "private", IPPoolSpec.root("10.1.0.0/16"))
            .withLabels(Map.of("tier", "web")));
    IPClaimSpec byRef =
        IPClaimSpec.fromPool(IpFamily.IPv4, 24, PoolRef.inProject("infra", "shared"));
    // Default policy denies: Forbidden through poolRef ...
    assertThatThrownBy(() -> engine.applyClaim(IPClaim.of("team", "a", byRef)))
        .isInstanceOf(ForbiddenException.class)
        .hasMessage("spec.poolRef: project team may not use IPPool shared of project infra");
    // ... and "no pool matches" through a selector, exactly as if there were none.
    IPClaim bySelector =
        engine
            .applyClaim(
                IPClaim.of(
                    "team",
                    "b",
                    IPClaimSpec.fromSelector(
                        IpFamily.IPv4,
                        24,
                        PoolSelector.matching(Map.of("tier", "web")).inProject("infra"))))
            .object();
    IPClaim noneAtAll =
        engine
            .applyClaim(
                IPClaim.of(
                    "team",
                    "c",
                    IPClaimSpec.fromSelector(
                        IpFamily.IPv4,
                        24,
                        PoolSelector.matching(Map.of("tier", "nothing")).inProject("infra"))))
            .object();
    assertThat(bySelector.status().conditions().get(0).reason())
        .isEqualTo(noneAtAll.status().conditions().get(0).reason())
        .isEqualTo("NoMatchingPool");

    IpamEngine permissive =
        IpamEngine.builder()
            .store(engine.store())
            .accessPolicy((project, pool) -> project.equals("team"))
            .build();
    // An engine binds waiting claims when it starts: this one may, for the selector's claim.
    assertThat(permissive.getClaim("team", "b").orElseThrow().status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/24"));
    IPClaim ok = permissive.applyClaim(IPClaim.of("team", "d", byRef)).object();
    assertThat(ok.status().allocatedCIDR()).contains(Cidr.parse("10.0.1.0/24"));
    IPAllocation a =
        permissive.getAllocation("team", IPAllocation.nameForClaim("team", "d")).orElseThrow();
    assertThat(a.spec().poolRef()).isEqualTo(PoolRef.inProject("infra", "shared"));
    // Not shared: refused even when the policy would allow.
    assertThatThrownBy(
            () ->
                permissive.applyClaim(
                    IPClaim.of(
                        "team",
                        "e",
                        IPClaimSpec.fromPool(
                            IpFamily.IPv4, 24, PoolRef.inProject("infra", "private")))))
        .isInstanceOf(ForbiddenException.class);
    // The shared pool cannot be deleted while another project's claim holds a block.
    assertThatThrownBy(() -> permissive.deletePool("infra", "shared"))
        .isInstanceOf(ConflictException.class);
    permissive.deleteClaim("team", "d");
    permissive.deleteClaim("team", "b");
    permissive.deletePool("infra", "shared");
  }

  @Test
  void aSharedPoolCanNameTheProjectsAllowedToUseIt() {
    IpamEngine engine =
        IpamEngine.builder()
            .accessPolicy(AccessPolicy.byPoolAnnotation(AccessPolicy.ALLOWED_PROJECTS))
            .build();
    IPPool shared =
        IPPool.of(
            "infra", "shared", IPPoolSpec.root("10.0.0.0/16").withVisibility(Visibility.shared));
    engine.applyPool(
        shared.withMetadata(
            shared
                .metadata()
                .withAnnotations(Map.of(AccessPolicy.ALLOWED_PROJECTS, "team-a, team-b"))));
    IPClaimSpec spec =
        IPClaimSpec.fromPool(IpFamily.IPv4, 24, PoolRef.inProject("infra", "shared"));
    assertThat(engine.applyClaim(IPClaim.of("team-b", "c", spec)).object().isBound()).isTrue();
    assertThatThrownBy(() -> engine.applyClaim(IPClaim.of("team-c", "c", spec)))
        .isInstanceOf(ForbiddenException.class);
  }

  // ---- dry run ----

  @Test
  void dryRunReportsWithoutChangingAnything() {
    rootPool("p", "10.0.0.0/24", Map.of());
    long revision = engine.store().revision();
    Applied<IPClaim> preview =
        engine.applyClaim(
            IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p")), ApplyOption.DRY_RUN);
    assertThat(preview.outcome()).isEqualTo(Outcome.CREATED);
    assertThat(preview.object().status().allocatedCIDR()).contains(Cidr.parse("10.0.0.0/26"));
    Applied<IPPool> poolPreview =
        engine.applyPool(IPPool.of(P, "q", IPPoolSpec.root("10.1.0.0/24")), ApplyOption.DRY_RUN);
    assertThat(poolPreview.object().status().phase()).isEqualTo(PoolPhase.Ready);
    Applied<IPPool> childPreview =
        engine.applyPool(IPPool.of(P, "c", IPPoolSpec.child("p", 25)), ApplyOption.DRY_RUN);
    assertThat(childPreview.object().status().allocatedCIDR()).contains(Cidr.parse("10.0.0.0/25"));
    assertThat(engine.store().revision()).isEqualTo(revision);
    assertThat(engine.listClaims(P)).isEmpty();
    assertThat(engine.listAllocations(P)).isEmpty();
    // Nothing was reserved: the real claim gets the same block the preview showed.
    IPClaim real =
        engine
            .applyClaim(IPClaim.of(P, "a", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p")))
            .object();
    assertThat(real.status().allocatedCIDR()).isEqualTo(preview.object().status().allocatedCIDR());
  }

  // ---- usage, strategies, watch ----

  @Test
  void poolUsageAndAvailableBlocks() {
    rootPool("p", "10.0.0.0/24", Map.of());
    claimFrom("a", "p", 26);
    assertThat(engine.poolUsage(P, "p").freeBlocksByPrefixLength())
        .isEqualTo(Map.of(25, 1L, 26, 1L));
    assertThat(engine.availableBlocks(P, "p", 26)).isEqualTo(BigInteger.valueOf(3));
    assertThatThrownBy(() -> engine.poolUsage(P, "nope")).isInstanceOf(NotFoundException.class);
  }

  @Test
  void poolStrategyIsUsed() {
    engine.applyPool(
        IPPool.of(
            P,
            "spread",
            IPPoolSpec.root("10.0.0.0/16")
                .withAllocation(AllocationPolicy.defaults().withStrategy(Strategy.LeastUtilized))));
    assertThat(claimFrom("a", "spread", 24).status().allocatedCIDR())
        .contains(Cidr.parse("10.0.0.0/24"));
    assertThat(claimFrom("b", "spread", 24).status().allocatedCIDR())
        .contains(Cidr.parse("10.0.128.0/24"));
  }

  @Test
  void twoEnginesOnOneStoreNeverHandOutTheSameBlock() {
    IpamStore shared = IpamStore.inMemory();
    IpamEngine a = IpamEngine.builder().store(shared).build();
    IpamEngine b = IpamEngine.builder().store(shared).build();
    a.applyPool(IPPool.of(P, "p", IPPoolSpec.root("10.0.0.0/24")));
    Cidr x =
        a.applyClaim(IPClaim.of(P, "x", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p")))
            .object()
            .status()
            .allocatedCIDR()
            .orElseThrow();
    Cidr y =
        b.applyClaim(IPClaim.of(P, "y", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p")))
            .object()
            .status()
            .allocatedCIDR()
            .orElseThrow();
    // a's tree is now stale; it must notice and not reuse y's block.
    Cidr z =
        a.applyClaim(IPClaim.of(P, "z", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p")))
            .object()
            .status()
            .allocatedCIDR()
            .orElseThrow();
    assertThat(List.of(x, y, z)).doesNotHaveDuplicates();
    b.deleteClaim(P, "x");
    Cidr w =
        a.applyClaim(IPClaim.of(P, "w", IPClaimSpec.fromPool(IpFamily.IPv4, 26, "p")))
            .object()
            .status()
            .allocatedCIDR()
            .orElseThrow();
    assertThat(w).isEqualTo(x);
  }
}
