package org.ipam4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.PoolPhase;
import org.ipam4j.net.Cidr;

/**
 * The engine's invariants, recomputed independently from the stored objects: blocks never overlap,
 * capacity is exact, every bound claim has exactly one allocation, and no waiting claim could have
 * been satisfied. Assumes no cross-project claims (the tests that use it make none).
 */
public final class EngineInvariants {

  private EngineInvariants() {}

  public static void check(IpamEngine engine) {
    // The engine's own store check agrees: on every history these tests build, nothing found.
    assertThat(engine.check().findings()).as("IpamEngine.check()").isEmpty();
    List<IPPool> pools = engine.listAllPools();
    List<IPClaim> claims = engine.listAllClaims();
    List<IPAllocation> allocations = engine.listAllAllocations();
    Map<String, List<IPAllocation>> byPool = new HashMap<>();
    for (IPAllocation a : allocations) {
      String poolKey =
          a.spec().poolRef().projectOr(a.metadata().project()) + "/" + a.spec().poolRef().name();
      byPool.computeIfAbsent(poolKey, k -> new ArrayList<>()).add(a);
    }
    Map<String, ReferenceAllocator> models = new HashMap<>();
    for (IPPool pool : pools) {
      Cidr cidr = pool.status().allocatedCIDR().orElseThrow();
      ReferenceAllocator model = new ReferenceAllocator(cidr);
      BigInteger allocated = BigInteger.ZERO;
      for (IPAllocation a : byPool.getOrDefault(pool.metadata().key(), List.of())) {
        Cidr block = a.status().allocatedCIDR();
        assertThat(cidr.contains(block)).as("%s lies in %s", block, pool.metadata().key()).isTrue();
        assertThat(model.allocateSpecific(block))
            .as("%s overlaps another block of %s", block, pool.metadata().key())
            .isPresent();
        allocated = allocated.add(block.size());
      }
      models.put(pool.metadata().key(), model);
      var capacity = pool.status().capacity().orElseThrow();
      assertThat(capacity.total()).isEqualTo(cidr.size());
      assertThat(capacity.allocated())
          .as("allocated of %s", pool.metadata().key())
          .isEqualTo(allocated);
      assertThat(capacity.available()).isEqualTo(cidr.size().subtract(allocated));
      assertThat(pool.status().phase())
          .isEqualTo(capacity.available().signum() == 0 ? PoolPhase.Exhausted : PoolPhase.Ready);
      OptionalInt largest = model.freeBlocks().stream().mapToInt(Cidr::prefixLength).min();
      assertThat(pool.status().largestFreePrefix()).isEqualTo(largest);
    }
    for (String poolKey : byPool.keySet()) {
      assertThat(models).as("allocations of a pool that does not exist").containsKey(poolKey);
    }
    // Each pool holds exactly the blocks its spec.reservations name, as allocations of purpose
    // Reservation; as blocks never overlap, no claim holds a reserved block.
    for (IPPool pool : pools) {
      List<Cidr> held =
          byPool.getOrDefault(pool.metadata().key(), List.of()).stream()
              .filter(a -> a.spec().isReservation())
              .map(a -> a.status().allocatedCIDR())
              .sorted()
              .toList();
      assertThat(held).as("reserved blocks of %s", pool.metadata().key()).isEqualTo(reserved(pool));
    }
    Map<String, IPClaim> claimsByKey = new HashMap<>();
    claims.forEach(c -> claimsByKey.put(c.metadata().key(), c));
    Map<String, Integer> allocationsPerClaim = new HashMap<>();
    for (IPAllocation a : allocations) {
      if (a.spec().claimRef().isPresent()) {
        String claimKey = a.metadata().project() + "/" + a.spec().claimRef().get().name();
        allocationsPerClaim.merge(claimKey, 1, Integer::sum);
        IPClaim claim = claimsByKey.get(claimKey);
        assertThat(claim)
            .as("claim of %s (an orphaned allocation)", a.metadata().key())
            .isNotNull();
        assertThat(claim.status().allocatedCIDR()).contains(a.status().allocatedCIDR());
        assertThat(claim.status().boundAllocationRef().orElseThrow().name())
            .isEqualTo(a.metadata().name());
      }
      if (a.spec().childPoolRef().isPresent()) {
        IPPool child =
            pools.stream()
                .filter(
                    p ->
                        p.metadata()
                            .key()
                            .equals(
                                a.metadata().project()
                                    + "/"
                                    + a.spec().childPoolRef().get().name()))
                .findFirst()
                .orElseThrow();
        assertThat(child.status().allocatedCIDR()).contains(a.status().allocatedCIDR());
      }
    }
    for (IPClaim claim : claims) {
      if (claim.status().phase() == ClaimPhase.Bound) {
        assertThat(allocationsPerClaim.getOrDefault(claim.metadata().key(), 0))
            .as("allocations of bound claim %s", claim.metadata().key())
            .isEqualTo(1);
      } else {
        assertThat(claim.status().phase()).isEqualTo(ClaimPhase.Pending);
        assertThat(allocationsPerClaim).doesNotContainKey(claim.metadata().key());
        for (IPPool candidate : candidates(claim, pools)) {
          int length = claim.spec().prefixLength();
          java.util.Optional<Cidr> wanted =
              claim
                  .spec()
                  .address()
                  .map(a -> Cidr.parse(a + "/" + claim.spec().ipFamily().bits()).enclosing(length));
          boolean fits =
              models.get(candidate.metadata().key()).freeBlocks().stream()
                  .anyMatch(
                      b ->
                          wanted.isPresent()
                              ? b.contains(wanted.get())
                              : b.prefixLength() <= length);
          assertThat(fits)
              .as(
                  "pending claim %s could be bound in %s",
                  claim.metadata().key(), candidate.metadata().key())
              .isFalse();
        }
      }
    }
  }

  /** The blocks a pool's reservations name, worked out without the engine. */
  public static List<Cidr> reserved(IPPool pool) {
    Cidr cidr = pool.status().allocatedCIDR().orElseThrow();
    var r = pool.spec().reservations();
    List<Cidr> out = new ArrayList<>();
    if (r.leading() + r.trailing() > 0) {
      int unit = r.unitPrefixLength().orElseThrow();
      BigInteger step = BigInteger.ONE.shiftLeft(cidr.family().bits() - unit);
      BigInteger first = cidr.addressValue();
      BigInteger end = first.add(cidr.size());
      for (int i = 0; i < r.leading(); i++) {
        out.add(block(cidr, first.add(step.multiply(BigInteger.valueOf(i))), unit));
      }
      for (int i = 1; i <= r.trailing(); i++) {
        out.add(block(cidr, end.subtract(step.multiply(BigInteger.valueOf(i))), unit));
      }
    }
    r.cidrs().forEach(c -> out.add(Cidr.parse(c)));
    return out.stream().sorted().toList();
  }

  private static Cidr block(Cidr pool, BigInteger address, int length) {
    return pool.family() == org.ipam4j.net.IpFamily.IPv4
        ? Cidr.ipv4(address.intValue(), length)
        : Cidr.ipv6(address.shiftRight(64).longValue(), address.longValue(), length);
  }

  /** The pools a claim may use, by the rules of the API, worked out without the engine. */
  private static List<IPPool> candidates(IPClaim claim, List<IPPool> pools) {
    IPClaimSpec spec = claim.spec();
    int length = spec.prefixLength();
    List<IPPool> out = new ArrayList<>();
    for (IPPool pool : pools) {
      Cidr cidr = pool.status().allocatedCIDR().orElseThrow();
      boolean fits =
          cidr.family() == spec.ipFamily()
              && length >= cidr.prefixLength()
              && pool.spec().allocation().allows(length)
              && pool.metadata().project().equals(claim.metadata().project());
      boolean named =
          spec.poolRef()
              .map(r -> r.name().equals(pool.metadata().name()))
              .or(
                  () ->
                      spec.poolSelector()
                          .map(s -> s.labelSelector().matches(pool.metadata().labels())))
              .orElse(false);
      if (fits && named) {
        out.add(pool);
      }
    }
    return out;
  }
}
