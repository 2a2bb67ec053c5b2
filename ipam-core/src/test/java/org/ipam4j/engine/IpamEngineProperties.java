package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.testsupport.EngineInvariants;
import org.ipam4j.testsupport.Histories;
import org.ipam4j.testsupport.Histories.Claim;
import org.ipam4j.testsupport.Histories.ClaimAt;
import org.ipam4j.testsupport.Histories.DeleteClaim;
import org.ipam4j.testsupport.Histories.Op;

/**
 * The engine driven by random histories of pool, claim and delete operations; after every step the
 * invariants hold, and every operation that failed changed nothing.
 */
class IpamEngineProperties {

  private static final String P = Histories.P;

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
          int claimed =
              op instanceof Claim c ? c.index() : op instanceof ClaimAt c ? c.index() : -1;
          if (claimed >= 0) {
            assertThat(refused).as("%s failed with %s", op, e.getMessage()).endsWith("k" + claimed);
            refused.clear();
          }
        }
        assertThat(refused).as("refusals heard after %s", op).isEmpty();
        Set<String> newlyBound = boundClaimIds(engine);
        newlyBound.removeAll(boundBefore);
        assertThat(boundHeard).as("binds heard in %s", op).isEqualTo(newlyBound);
        Set<String> held =
            engine.listAllocations(P).stream()
                .filter(a -> a.spec().purpose() == org.ipam4j.model.AllocationPurpose.Claim)
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

  @Provide
  Arbitrary<List<Op>> histories() {
    return Histories.histories();
  }

  private static void apply(IpamEngine engine, Op op) {
    Histories.apply(engine, op);
  }
}
