package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.EngineInvariants;

/**
 * The engine driven by random histories of pool, claim and delete operations; after every step the
 * invariants hold, and every operation that failed changed nothing.
 */
class IpamEngineProperties {

  private static final String P = "p";
  private static final List<String> ROOT_CIDRS =
      List.of("10.0.0.0/24", "10.0.1.0/25", "10.0.0.0/23", "2001:db8::/120");
  private static final List<String> POOL_NAMES =
      List.of("r0", "r1", "r2", "r3", "c0", "c1", "c2", "c3");
  private static final List<String> TIERS = List.of("web", "db");

  sealed interface Op {}

  record CreateRoot(int slot, int tier) implements Op {}

  record CreateChild(int index, int parent, int extraBits) implements Op {}

  record Relabel(int pool, int tier) implements Op {}

  record Claim(
      int index, IpFamily family, int extraBits, boolean bySelector, int target, boolean retain)
      implements Op {}

  record DeleteClaim(int index) implements Op {}

  record DeleteRetained(int which) implements Op {}

  record DeletePool(int pool) implements Op {}

  @Property(tries = 1000)
  void invariantsHoldAfterEveryStep(@ForAll("histories") List<Op> ops) {
    IpamEngine engine = IpamEngine.inMemory();
    for (Op op : ops) {
      long revision = engine.store().revision();
      try {
        apply(engine, op);
      } catch (IpamException e) {
        assertThat(engine.store().revision())
            .as("%s failed with %s but changed the store", op, e.getMessage())
            .isEqualTo(revision);
      }
      EngineInvariants.check(engine);
    }
  }

  /**
   * After a change an engine tries only the waiting claims that could draw from the pools the
   * change touched. The model is the full pass every engine makes when it starts, over every
   * waiting claim: run after each step, it must find no claim left to bind.
   */
  @Property(tries = 500)
  void noClaimIsLeftWaitingThatAFullPassWouldBind(@ForAll("histories") List<Op> ops) {
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(Duration.ZERO).build()) {
      for (Op op : ops) {
        try {
          apply(engine, op);
        } catch (IpamException e) {
          // Refused operations are the other property's concern.
        }
        List<String> bound = boundClaims(engine);
        try (IpamEngine fullPass =
            IpamEngine.builder().store(engine.store()).recheckWaiting(Duration.ZERO).build()) {
          assertThat(boundClaims(fullPass))
              .as("bound after %s, then after a full pass over the waiting claims", op)
              .isEqualTo(bound);
        }
      }
    }
  }

  /**
   * A claim listener hears of every bind and release the engine commits, whichever path made it (an
   * apply, a waiting claim bound after a delete or a new pool, a retained block re-bound). The
   * model: an allocation of a claim exists (bound or retained) exactly when the last thing heard of
   * it was a bind; each step's binds heard are exactly the claims that became bound in it; every
   * claim the engine refused was heard of, once.
   */
  @Property(tries = 500)
  void claimListenersHearEveryBindReleaseAndRefusal(@ForAll("histories") List<Op> ops) {
    Map<String, String> lastHeard = new java.util.HashMap<>();
    List<String> refused = new java.util.ArrayList<>();
    Set<String> boundHeard = new java.util.HashSet<>();
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(Duration.ZERO).build()) {
      engine.addClaimListener(
          new ClaimListener() {
            @Override
            public void bound(IPClaim claim, IPAllocation allocation) {
              assertThat(claim.isBound()).isTrue();
              assertThat(claim.status().allocatedCIDR())
                  .contains(allocation.status().allocatedCIDR());
              assertThat(allocation.spec().claimRef().orElseThrow().name())
                  .isEqualTo(claim.metadata().name());
              lastHeard.put(allocation.metadata().name(), "bound");
              boundHeard.add(claim.metadata().name() + "/" + claim.metadata().uid());
            }

            @Override
            public void released(IPAllocation allocation) {
              assertThat(allocation.spec().childPoolRef()).isEmpty();
              lastHeard.put(allocation.metadata().name(), "released");
            }

            @Override
            public void refused(IPClaim claim, IpamException error) {
              refused.add(claim.metadata().name());
            }
          });
      // Then each claim deleted and applied again as it was: a retained block is re-bound.
      List<Op> all = new java.util.ArrayList<>(ops);
      for (Op op : ops) {
        if (op instanceof Claim c) {
          all.add(new DeleteClaim(c.index()));
          all.add(c);
        }
      }
      for (Op op : all) {
        Set<String> boundBefore = boundClaimIds(engine);
        boundHeard.clear();
        try {
          apply(engine, op);
        } catch (IpamException e) {
          if (op instanceof Claim c) {
            assertThat(refused)
                .as("%s failed with %s", op, e.getMessage())
                .endsWith("k" + c.index());
            refused.clear();
          }
        }
        assertThat(refused).as("refusals heard after %s", op).isEmpty();
        Set<String> newlyBound = boundClaimIds(engine);
        newlyBound.removeAll(boundBefore);
        assertThat(boundHeard).as("binds heard in %s", op).isEqualTo(newlyBound);
        Set<String> held =
            engine.listAllocations(P).stream()
                .filter(a -> a.spec().childPoolRef().isEmpty())
                .map(a -> a.metadata().name())
                .collect(java.util.stream.Collectors.toSet());
        Set<String> heardBound =
            lastHeard.entrySet().stream()
                .filter(e -> e.getValue().equals("bound"))
                .map(Map.Entry::getKey)
                .collect(java.util.stream.Collectors.toSet());
        assertThat(heardBound)
            .as("allocations heard bound, against those held, after %s", op)
            .isEqualTo(held);
      }
    }
  }

  private static Set<String> boundClaimIds(IpamEngine engine) {
    return engine.listClaims(P).stream()
        .filter(IPClaim::isBound)
        .map(c -> c.metadata().name() + "/" + c.metadata().uid())
        .collect(java.util.stream.Collectors.toCollection(java.util.HashSet::new));
  }

  private static List<String> boundClaims(IpamEngine engine) {
    return engine.listClaims(P).stream()
        .filter(IPClaim::isBound)
        .map(c -> c.metadata().name())
        .toList();
  }

  static void apply(IpamEngine engine, Op op) {
    if (op instanceof CreateRoot r) {
      engine.applyPool(
          IPPool.of(P, "r" + r.slot(), IPPoolSpec.root(ROOT_CIDRS.get(r.slot())))
              .withLabels(Map.of("tier", TIERS.get(r.tier()))));
    } else if (op instanceof CreateChild c) {
      String parent = POOL_NAMES.get(c.parent());
      int parentLength =
          engine
              .getPool(P, parent)
              .map(p -> p.status().allocatedCIDR().orElseThrow().prefixLength())
              .orElse(24);
      engine.applyPool(
          IPPool.of(P, "c" + c.index(), IPPoolSpec.child(parent, parentLength + c.extraBits())));
    } else if (op instanceof Relabel r) {
      String name = POOL_NAMES.get(r.pool());
      engine
          .getPool(P, name)
          .ifPresent(
              p ->
                  engine.applyPool(
                      IPPool.of(P, name, p.spec())
                          .withLabels(Map.of("tier", TIERS.get(r.tier())))));
    } else if (op instanceof Claim c) {
      int length = (c.family() == IpFamily.IPv4 ? 24 : 120) + c.extraBits();
      IPClaimSpec spec =
          c.bySelector()
              ? IPClaimSpec.fromSelector(
                  c.family(),
                  length,
                  c.target() == 0
                      ? PoolSelector.matching(Map.of())
                      : PoolSelector.matching(Map.of("tier", TIERS.get(c.target() % 2))))
              : IPClaimSpec.fromPool(c.family(), length, POOL_NAMES.get(c.target()));
      engine.applyClaim(
          IPClaim.of(
              P,
              "k" + c.index(),
              spec.withReclaimPolicy(c.retain() ? ReclaimPolicy.Retain : ReclaimPolicy.Delete)));
    } else if (op instanceof DeleteClaim d) {
      engine.deleteClaim(P, "k" + d.index());
    } else if (op instanceof DeleteRetained d) {
      List<IPAllocation> retained =
          engine.listAllocations(P).stream().filter(a -> a.spec().isRetained()).toList();
      if (!retained.isEmpty()) {
        engine.deleteAllocation(P, retained.get(d.which() % retained.size()).metadata().name());
      }
    } else if (op instanceof DeletePool d) {
      engine.deletePool(P, POOL_NAMES.get(d.pool()));
    }
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    Arbitrary<Integer> claims = Arbitraries.integers().between(0, 7);
    Arbitrary<Integer> pools = Arbitraries.integers().between(0, POOL_NAMES.size() - 1);
    Arbitrary<Op> op =
        Arbitraries.frequencyOf(
            Tuple.of(
                3,
                Combinators.combine(
                        Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 1))
                    .as(CreateRoot::new)),
            Tuple.of(
                3,
                Combinators.combine(
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.frequency(Tuple.of(3, 0), Tuple.of(2, 3), Tuple.of(1, 4)),
                        Arbitraries.integers().between(1, 3))
                    .as(CreateChild::new)),
            Tuple.of(
                1,
                Combinators.combine(pools, Arbitraries.integers().between(0, 1)).as(Relabel::new)),
            Tuple.of(
                8,
                Combinators.combine(
                        claims,
                        Arbitraries.of(IpFamily.class),
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of(true, false),
                        pools,
                        Arbitraries.of(true, false))
                    .as(Claim::new)),
            Tuple.of(4, claims.map(DeleteClaim::new)),
            Tuple.of(1, Arbitraries.integers().between(0, 7).map(DeleteRetained::new)),
            Tuple.of(2, pools.map(DeletePool::new)));
    return op.list().ofMinSize(10).ofMaxSize(60);
  }
}
