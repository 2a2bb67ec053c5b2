package org.ipam4j.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ipam4j.ForbiddenException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.Visibility;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;

/**
 * The revocation race: a tenant's claim on a shared pool has chosen the pool (access allowed), and
 * is held back on the pool's lock, which another handle on the store holds; meanwhile the owner
 * makes the pool private and that commits. When the lock frees, the claim must be refused.
 */
public final class RevocationRace {

  private RevocationRace() {}

  /**
   * @param owners the store the owner and the tenant write through
   * @param holder another handle on the same store (another process's, for a database), whose pool
   *     lock holds the tenant back
   */
  public static void run(IpamStore owners, IpamStore holder) throws Exception {
    // Threads of its own: the common pool may have a single thread, which the holder takes.
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newCachedThreadPool();
    try {
      race(owners, holder, threads);
    } finally {
      threads.shutdownNow();
    }
  }

  private static void race(
      IpamStore owners, IpamStore holder, java.util.concurrent.ExecutorService threads)
      throws Exception {
    IpamEngine owner = IpamEngine.builder().store(owners).build();
    IPPool shared =
        IPPool.of(
            "infra", "shared", IPPoolSpec.root("10.7.0.0/16").withVisibility(Visibility.shared));
    owner.applyPool(shared);
    for (boolean bySelector : new boolean[] {false, true}) {
      owner.applyPool(shared.withSpec(shared.spec().withVisibility(Visibility.shared)));
      CountDownLatch chosen = new CountDownLatch(1);
      IpamEngine tenant =
          IpamEngine.builder()
              .store(owners)
              .accessPolicy(
                  (project, pool) -> {
                    chosen.countDown();
                    return true;
                  })
              .build();
      CountDownLatch holding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      CompletableFuture<Void> held =
          CompletableFuture.runAsync(
              () ->
                  holder.withPoolLock(
                      "infra",
                      "shared",
                      () -> {
                        holding.countDown();
                        await(release);
                        return null;
                      }),
              threads);
      await(holding);
      String name = bySelector ? "by-selector" : "by-ref";
      IPClaimSpec spec =
          bySelector
              ? IPClaimSpec.fromSelector(
                  IpFamily.IPv4, 24, PoolSelector.matching(java.util.Map.of()).inProject("infra"))
              : IPClaimSpec.fromPool(IpFamily.IPv4, 24, PoolRef.inProject("infra", "shared"));
      CompletableFuture<IPClaim> claim =
          CompletableFuture.supplyAsync(
              () -> tenant.applyClaim(IPClaim.of("team", name, spec)).object(), threads);
      assertThat(chosen.await(30, TimeUnit.SECONDS)).as("the tenant chose the pool").isTrue();
      Thread.sleep(Duration.ofMillis(200).toMillis()); // let it reach the lock
      // The revocation commits while the tenant's claim waits.
      owner.applyPool(IPPool.of("infra", "shared", IPPoolSpec.root("10.7.0.0/16")));
      release.countDown();
      held.get(30, TimeUnit.SECONDS);
      if (bySelector) {
        IPClaim result = claim.get(30, TimeUnit.SECONDS);
        assertThat(result.status().phase()).as(name).isEqualTo(ClaimPhase.Pending);
        assertThat(result.status().conditions().get(0).reason()).isEqualTo("NoMatchingPool");
      } else {
        assertThat(claim)
            .failsWithin(Duration.ofSeconds(30))
            .withThrowableThat()
            .havingCause()
            .isInstanceOf(ForbiddenException.class)
            .withMessageContaining("may not use IPPool shared");
        assertThat(tenant.getClaim("team", name)).isEmpty();
      }
      assertThat(owner.listAllAllocations()).as(name).isEmpty();
      assertThat(
              owner
                  .getPool("infra", "shared")
                  .orElseThrow()
                  .status()
                  .capacity()
                  .orElseThrow()
                  .allocated()
                  .signum())
          .isZero();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(60, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
