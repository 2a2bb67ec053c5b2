package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;

/** Background work runs where the host says: watches on its executor, in order. */
class HostExecutorsTest {

  @Test
  void watchListenersRunOnTheHostsExecutorOneCommitAtATimeInOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4, r -> new Thread(r, "host-worker"));
    AtomicInteger tasks = new AtomicInteger();
    try (IpamEngine engine =
        IpamEngine.builder()
            .recheckWaiting(Duration.ZERO)
            .executor(
                task -> {
                  tasks.incrementAndGet();
                  pool.execute(task);
                })
            .build()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      List<String> threads = new CopyOnWriteArrayList<>();
      int claims = 200;
      CountDownLatch done = new CountDownLatch(1);
      engine.watch(
          org.ipam4j.watch.WatchRequest.fromNow(),
          change -> {
            threads.add(Thread.currentThread().getName());
            seen.add(change.object().kind() + " " + change.object().metadata().name());
            if (change.object().metadata().name().equals("c" + (claims - 1))
                && change.object() instanceof IPClaim) {
              done.countDown();
            }
          });
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/16")));
      for (int i = 0; i < claims; i++) {
        engine.applyClaim(
            IPClaim.of("p", "c" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool")));
      }
      assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(threads).containsOnly("host-worker");
      assertThat(tasks.get()).isPositive();
      List<String> claimEvents = seen.stream().filter(s -> s.startsWith("IPClaim ")).toList();
      assertThat(claimEvents).hasSize(claims);
      for (int i = 0; i < claims; i++) {
        assertThat(claimEvents.get(i)).isEqualTo("IPClaim c" + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
