package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.ipam4j.NotFoundException;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.model.ReclaimPolicy;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;
import org.ipam4j.testsupport.Concurrently;
import org.ipam4j.testsupport.EngineInvariants;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * Many threads, on two engines sharing one store, claiming and releasing on shared pools and on
 * shared claim names; afterwards the invariants hold.
 */
class IpamEngineConcurrencyTest {

  private static final String P = "p";
  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 1500;

  @RepeatedTest(3)
  void concurrentClaimsNeverOverlapAndNoneWaitsNeedlessly() throws Exception {
    IpamStore store = IpamStore.inMemory();
    IpamEngine first = IpamEngine.builder().store(store).build();
    IpamEngine second = IpamEngine.builder().store(store).build();
    first.applyPool(
        IPPool.of(P, "a", IPPoolSpec.root("10.0.0.0/24")).withLabels(Map.of("tier", "web")));
    first.applyPool(
        IPPool.of(P, "b", IPPoolSpec.root("10.0.1.0/25")).withLabels(Map.of("tier", "web")));
    first.applyPool(IPPool.of(P, "v6", IPPoolSpec.root("2001:db8::/120")));

    ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
    long base = System.nanoTime();
    unexpected.addAll(
        Concurrently.run(
            THREADS,
            2,
            t -> {
              IpamEngine engine = t % 2 == 0 ? first : second;
              Random random = new Random(1000L * t + base);
              for (int i = 0; i < OPS_PER_THREAD; i++) {
                String name = "k" + random.nextInt(40);
                try {
                  if (random.nextInt(3) == 0) {
                    engine.deleteClaim(P, name);
                  } else {
                    engine.applyClaim(IPClaim.of(P, name, spec(name)));
                  }
                } catch (NotFoundException expected) {
                  // deleting a claim another thread deleted first
                } catch (RuntimeException e) {
                  unexpected.add(e);
                }
              }
            }));
    assertThat(unexpected).isEmpty();
    EngineInvariants.check(first);
  }

  /**
   * While two engines claim and free in a pool, a third engine on the store (whose index is always
   * behind) reads the pool's usage: it always gets figures, never a race's error.
   */
  @Test
  void poolUsageUnderConcurrentWritersOnlyEverAnswers() throws Exception {
    IpamStore store = IpamStore.inMemory();
    IpamEngine[] engines = {
      IpamEngine.builder().store(store).build(),
      IpamEngine.builder().store(store).build(),
      IpamEngine.builder().store(store).build()
    };
    engines[0].applyPool(IPPool.of(P, "a", IPPoolSpec.root("10.0.0.0/22")));
    java.util.concurrent.atomic.AtomicBoolean writing =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger reads =
        new java.util.concurrent.atomic.AtomicInteger();
    List<Throwable> thrown =
        Concurrently.run(
            3,
            2,
            t -> {
              if (t == 2) {
                while (writing.get()) {
                  // A lost race is read again: not even an ipam4j error comes out.
                  var usage = engines[2].poolUsage(P, "a");
                  assertThat(usage.allocatedBlocks()).isBetween(0L, 64L);
                  engines[2].availableBlocks(P, "a", 28);
                  reads.incrementAndGet();
                }
                return;
              }
              Random random = new Random(t);
              try {
                for (int i = 0; i < 3000; i++) {
                  String name = "u" + t + "-" + random.nextInt(20);
                  if (random.nextBoolean()) {
                    engines[t].applyClaim(
                        IPClaim.of(P, name, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "a")));
                  } else {
                    try {
                      engines[t].deleteClaim(P, name);
                    } catch (NotFoundException expected) {
                      // not claimed yet
                    }
                  }
                }
              } finally {
                writing.set(false);
              }
            });
    assertThat(thrown).isEmpty();
    assertThat(reads.get()).isPositive();
  }

  /** The same name always asks for the same thing, so that racing applies are idempotent. */
  private static IPClaimSpec spec(String name) {
    int n = Integer.parseInt(name.substring(1));
    ReclaimPolicy policy = ReclaimPolicy.Delete;
    if (n % 5 == 0) {
      return IPClaimSpec.fromPool(IpFamily.IPv6, 124 + n % 3, "v6").withReclaimPolicy(policy);
    }
    if (n % 2 == 0) {
      return IPClaimSpec.fromPool(IpFamily.IPv4, 26 + n % 3, "a");
    }
    return IPClaimSpec.fromSelector(
        IpFamily.IPv4, 26 + n % 3, PoolSelector.matching(Map.of("tier", "web")));
  }
}
