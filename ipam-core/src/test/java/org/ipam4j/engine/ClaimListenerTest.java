package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.ExhaustedException;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.net.IpFamily;
import org.ipam4j.watch.Subscription;
import org.junit.jupiter.api.Test;

class ClaimListenerTest {

  /** Every call, as one line. */
  static final class Heard implements ClaimListener {
    final List<String> calls = new ArrayList<>();
    final List<Duration> took = new ArrayList<>();

    @Override
    public synchronized void bound(IPClaim claim, IPAllocation allocation) {
      calls.add(
          "bound "
              + claim.metadata().name()
              + " "
              + allocation.status().allocatedCIDR()
              + " of "
              + allocation.spec().poolRef().name());
    }

    @Override
    public synchronized void released(IPAllocation allocation) {
      calls.add("released " + allocation.status().allocatedCIDR());
    }

    @Override
    public synchronized void refused(IPClaim claim, IpamException error) {
      calls.add("refused " + claim.metadata().name() + " " + error.getClass().getSimpleName());
    }

    @Override
    public synchronized void applied(Applied<IPClaim> applied, Duration duration) {
      calls.add(
          "applied "
              + applied.object().metadata().name()
              + " "
              + applied.object().status().phase());
      took.add(duration);
    }
  }

  private static IPClaim claim(String name, int length) {
    return IPClaim.of("p", name, IPClaimSpec.fromPool(IpFamily.IPv4, length, "pool"));
  }

  @Test
  void bindsWaitsReleasesAndRefusalsAreHeard() {
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(Duration.ZERO).build()) {
      Heard heard = new Heard();
      engine.addClaimListener(heard);
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
      engine.applyClaim(claim("a", 25));
      engine.applyClaim(claim("b", 25));
      engine.applyClaim(claim("c", 25)); // waits
      assertThatThrownBy(() -> engine.applyClaim(claim("d", 33)))
          .isInstanceOf(InvalidException.class);
      engine.deleteClaim("p", "a"); // frees 10.0.0.0/25, which c then takes
      assertThat(heard.calls)
          .containsExactly(
              "bound a 10.0.0.0/25 of pool",
              "applied a Bound",
              "bound b 10.0.0.128/25 of pool",
              "applied b Bound",
              "applied c Pending",
              "refused d InvalidException",
              "released 10.0.0.0/25",
              "bound c 10.0.0.0/25 of pool");
      assertThat(heard.took).hasSize(3).allSatisfy(d -> assertThat(d).isPositive());
    }
  }

  @Test
  void aRetainedBlockIsReleasedOnlyWhenItsAllocationGoes() {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
      Heard heard = new Heard();
      engine.addClaimListener(heard);
      IPClaim kept =
          IPClaim.of(
              "p",
              "k",
              IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")
                  .withReclaimPolicy(ReclaimPolicy.Retain));
      engine.applyClaim(kept);
      engine.deleteClaim("p", "k");
      engine.applyClaim(kept); // the retained block, bound again
      engine.deleteClaim("p", "k");
      engine.deleteAllocation("p", IPAllocation.nameForClaim("p", "k"));
      assertThat(heard.calls)
          .containsExactly(
              "bound k 10.0.0.0/26 of pool",
              "applied k Bound",
              "bound k 10.0.0.0/26 of pool",
              "applied k Bound",
              "released 10.0.0.0/26");
    }
  }

  @Test
  void setsTellTheirBindsAndEachRefusedClaim() {
    try (IpamEngine engine = IpamEngine.builder().failWhenExhausted(true).build()) {
      Heard heard = new Heard();
      engine.addClaimListener(heard);
      engine.applyAll(
          List.of(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/25")), claim("a", 25)));
      SetOutcome refused = engine.applyAll(List.of(claim("b", 25), claim("c", 26)));
      assertThat(refused.isApplied()).isFalse();
      assertThatThrownBy(() -> engine.applyClaims(List.of(claim("e", 27))))
          .isInstanceOf(ExhaustedException.class);
      assertThat(heard.calls)
          .containsExactly(
              "bound a 10.0.0.0/25 of pool",
              "refused b ExhaustedException",
              "refused c ExhaustedException",
              "refused e ExhaustedException");
    }
  }

  @Test
  void childPoolsDryRunsAndClosedSubscriptionsAreNotHeard() {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      Heard heard = new Heard();
      Subscription s = engine.addClaimListener(heard);
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/16")));
      engine.applyPool(IPPool.of("p", "child", IPPoolSpec.child("pool", 24)));
      engine.deletePool("p", "child");
      engine.applyClaim(claim("dry", 24), ApplyOption.DRY_RUN);
      assertThat(heard.calls).isEmpty();
      s.close();
      engine.applyClaim(claim("after", 24));
      assertThat(heard.calls).isEmpty();
    }
  }

  @Test
  void aListenerThatThrowsLeavesTheWorkDoneAndTheOthersTold() {
    try (IpamEngine engine = IpamEngine.inMemory()) {
      engine.addClaimListener(
          new ClaimListener() {
            @Override
            public void bound(IPClaim claim, IPAllocation allocation) {
              throw new IllegalStateException("listener bug");
            }
          });
      Heard heard = new Heard();
      engine.addClaimListener(heard);
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
      assertThat(engine.applyClaim(claim("a", 25)).object().isBound()).isTrue();
      assertThat(heard.calls).containsExactly("bound a 10.0.0.0/25 of pool", "applied a Bound");
    }
  }
}
