package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.ipam4j.StorageException;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;
import org.junit.jupiter.api.Test;

/**
 * A writer that frees space and stops before binding the claims waiting for it (a killed process)
 * leaves them waiting with the pool free; engines bind them when they start and on their periodic
 * re-check.
 */
class WaitingRecheckTest {

  private static final String P = "p";

  /** A store handle whose writer dies right after each commit: it never lists waiting claims. */
  private static IpamStore dyingAfterCommit(IpamStore store) {
    return (IpamStore)
        Proxy.newProxyInstance(
            IpamStore.class.getClassLoader(),
            new Class<?>[] {IpamStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("pendingClaims")) {
                throw new StorageException("the writer died");
              }
              try {
                return method.invoke(store, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  @Test
  void anEngineBindsWaitingClaimsWhenItStarts() {
    IpamStore store = freedButStillWaitingOn(IpamStore.inMemory());
    stillWaiting(store);
    IpamEngine next = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
    assertThat(next.getClaim(P, "c2").orElseThrow().isBound()).isTrue();
  }

  @Test
  void theRecheckBindsWhatNoCommitOfItsOwnFreed() throws Exception {
    IpamStore store = IpamStore.inMemory();
    try (IpamEngine watcher =
        IpamEngine.builder().store(store).recheckWaiting(Duration.ofMillis(50)).build()) {
      IpamStore freed = freedButStillWaitingOn(store);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (!watcher.getClaim(P, "c2").orElseThrow().isBound() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(freed.get(IPClaim.class, P, "c2").orElseThrow().isBound()).isTrue();
    }
  }

  @Test
  void withTheRecheckOffNothingHappensBehindTheTestsBack() throws Exception {
    IpamStore store = IpamStore.inMemory();
    try (IpamEngine quiet =
        IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build()) {
      freedButStillWaitingOn(store);
      stillWaiting(store);
      Thread.sleep(300);
      assertThat(quiet.getClaim(P, "c2").orElseThrow().isBound()).isFalse();
    }
  }

  /**
   * A full /30 with c1 bound and c2 waiting; then c1 deleted by a writer that dies after its
   * commit, so c2 waits with the pool free.
   */
  private static IpamStore freedButStillWaitingOn(IpamStore store) {
    IpamEngine first = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
    first.applyPool(IPPool.of(P, "small", IPPoolSpec.root("10.0.0.0/30")));
    first.applyClaim(IPClaim.of(P, "c1", IPClaimSpec.fromPool(IpFamily.IPv4, 30, "small")));
    assertThat(
            first
                .applyClaim(IPClaim.of(P, "c2", IPClaimSpec.fromPool(IpFamily.IPv4, 30, "small")))
                .object()
                .status()
                .phase())
        .isEqualTo(ClaimPhase.Pending);
    // Committed; binding the waiters failed, and that is not the delete's error.
    IpamEngine.builder()
        .store(dyingAfterCommit(store))
        .recheckWaiting(Duration.ZERO)
        .build()
        .deleteClaim(P, "c1");
    return store;
  }

  private static void stillWaiting(IpamStore store) {
    assertThat(store.get(IPClaim.class, P, "c2").orElseThrow().status().phase())
        .isEqualTo(ClaimPhase.Pending);
    assertThat(store.get(IPClaim.class, P, "c1")).isEmpty();
  }
}
