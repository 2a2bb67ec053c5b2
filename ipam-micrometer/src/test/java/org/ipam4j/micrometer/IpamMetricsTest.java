package org.ipam4j.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.ipam4j.InvalidException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;
import org.ipam4j.testsupport.ObservedStore;
import org.junit.jupiter.api.Test;

class IpamMetricsTest {

  private static final String[] POOL = {"project", "p", "pool", "pool", "family", "IPv4"};

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(5);
    }
  }

  private static double gauge(MeterRegistry registry, String name, String... tags) {
    var g = registry.find(name).tags(tags).gauge();
    return g == null ? Double.NEGATIVE_INFINITY : g.value();
  }

  private static double count(MeterRegistry registry, String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  private static IPClaim claim(String name, int length) {
    return IPClaim.of("p", name, IPClaimSpec.fromPool(IpFamily.IPv4, length, "pool"));
  }

  @Test
  void aPoolFillingUpAndAClaimWaiting() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(Duration.ZERO).build();
        IpamMetrics metrics = new IpamMetrics(engine)) {
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
      metrics.bindTo(registry);
      // A pool's gauges are registered one after another: wait for the last.
      await(
          "the pool's gauges",
          () -> gauge(registry, "ipam.pool.largest.free.prefix", POOL) != Double.NEGATIVE_INFINITY);
      assertThat(gauge(registry, "ipam.pool.addresses.total", POOL)).isEqualTo(256);
      assertThat(gauge(registry, "ipam.pool.utilization", POOL)).isZero();
      assertThat(gauge(registry, "ipam.pool.largest.free.prefix", POOL)).isEqualTo(24);

      for (int i = 0; i < 3; i++) {
        engine.applyClaim(claim("c" + i, 26));
      }
      await(
          "three quarters allocated",
          () -> gauge(registry, "ipam.pool.addresses.allocated", POOL) == 192);
      assertThat(gauge(registry, "ipam.pool.addresses.available", POOL)).isEqualTo(64);
      assertThat(gauge(registry, "ipam.pool.utilization", POOL)).isEqualTo(0.75);
      assertThat(gauge(registry, "ipam.pool.largest.free.prefix", POOL)).isEqualTo(26);

      engine.applyClaim(claim("c3", 26));
      engine.applyClaim(claim("late", 26)); // no room: waits
      await("full", () -> gauge(registry, "ipam.pool.utilization", POOL) == 1.0);
      assertThat(gauge(registry, "ipam.pool.largest.free.prefix", POOL)).isNaN();
      await(
          "one claim waiting",
          () ->
              gauge(registry, "ipam.claims.waiting", "project", "p", "reason", "PoolExhausted")
                  == 1);
      assertThat(count(registry, "ipam.claims.bound", POOL)).isEqualTo(4);
      assertThat(registry.find("ipam.claims.apply").tags("outcome", "bound").timer().count())
          .isEqualTo(4);
      assertThat(registry.find("ipam.claims.apply").tags("outcome", "pending").timer().count())
          .isEqualTo(1);

      engine.deleteClaim("p", "c0"); // the waiting claim takes its block
      await(
          "no claim waiting",
          () ->
              gauge(registry, "ipam.claims.waiting", "project", "p", "reason", "PoolExhausted")
                  == 0);
      assertThat(count(registry, "ipam.claims.released", POOL)).isEqualTo(1);
      assertThat(count(registry, "ipam.claims.bound", POOL)).isEqualTo(5);

      assertThatThrownBy(() -> engine.applyClaim(claim("bad", 33)))
          .isInstanceOf(InvalidException.class);
      assertThat(count(registry, "ipam.claims.refused", "project", "p", "reason", "Invalid"))
          .isEqualTo(1);
    }
  }

  @Test
  void gaugesDescribeTheStoreAndCountersThisEngine() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (IpamStore store = IpamStore.inMemory();
        IpamEngine engine = IpamEngine.builder().store(store).build();
        IpamEngine other = IpamEngine.builder().store(store).build();
        IpamMetrics metrics = new IpamMetrics(engine)) {
      metrics.bindTo(registry);
      other.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
      other.applyClaim(claim("theirs", 25));
      await(
          "the other engine's claim in the gauges",
          () -> gauge(registry, "ipam.pool.addresses.allocated", POOL) == 128);
      assertThat(count(registry, "ipam.claims.bound", POOL)).isZero();
      engine.applyClaim(claim("ours", 25));
      assertThat(count(registry, "ipam.claims.bound", POOL)).isEqualTo(1);

      other.deleteClaim("p", "theirs");
      other.deleteClaim("p", "ours");
      other.deletePool("p", "pool");
      await(
          "the deleted pool's gauges gone",
          () -> registry.find("ipam.pool.addresses.total").gauges().isEmpty());
    }
  }

  @Test
  void aScrapeOfThousandsOfPoolsReadsNothingFromTheStore() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    IpamStore memory = IpamStore.inMemory();
    IpamStore counting = ObservedStore.of(memory, (method, out) -> reads.incrementAndGet());
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (IpamEngine engine = IpamEngine.builder().store(counting).build();
        IpamMetrics metrics = new IpamMetrics(engine)) {
      List<IPPool> pools = new ArrayList<>();
      for (int i = 0; i < 2_000; i++) {
        pools.add(
            IPPool.of(
                "p", "pool-" + i, IPPoolSpec.root("10." + (i / 256) + "." + (i % 256) + ".0/24")));
      }
      engine.applyAll(pools).orThrow();
      metrics.bindTo(registry);
      await(
          "every pool's gauges",
          () -> registry.find("ipam.pool.utilization").gauges().size() == 2_000);
      // The watch polls the change log in the background; count only what a scrape reads.
      Thread.sleep(200);
      int before = reads.get();
      double sum = 0;
      for (Meter m : registry.getMeters()) {
        for (var sample : m.measure()) {
          sum += Double.isNaN(sample.getValue()) ? 0 : sample.getValue();
        }
      }
      int during = reads.get() - before;
      assertThat(sum).isPositive();
      assertThat(during).as("store calls during a scrape").isLessThanOrEqualTo(2);
    }
  }

  @Test
  void aRelistAfterFallingBehindPutsTheGaugesRight() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (IpamEngine engine = IpamEngine.builder().recheckWaiting(Duration.ZERO).build();
        IpamMetrics metrics = new IpamMetrics(engine)) {
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/25")));
      engine.applyClaim(claim("a", 25));
      engine.applyClaim(claim("waits", 25));
      metrics.bindTo(registry);
      String[] waiting = {"project", "p", "reason", "PoolExhausted"};
      await("a claim waiting", () -> gauge(registry, "ipam.claims.waiting", waiting) == 1);
      // Changes the watch never delivers, as when it expired: a relist must find them.
      metrics.pauseWatch();
      engine.deleteClaim("p", "a"); // "waits" takes the block
      engine.applyPool(IPPool.of("p", "other", IPPoolSpec.root("10.1.0.0/24")));
      engine.deleteClaim("p", "waits");
      engine.deletePool("p", "pool");
      assertThat(gauge(registry, "ipam.pool.addresses.total", POOL)).isEqualTo(128);
      metrics.relist();
      await(
          "the deleted pool gone",
          () -> registry.find("ipam.pool.addresses.total").tags("pool", "pool").gauge() == null);
      await(
          "the new pool there",
          () -> gauge(registry, "ipam.pool.addresses.total", "pool", "other") == 256);
      await("no claim waiting", () -> gauge(registry, "ipam.claims.waiting", waiting) == 0);
    }
  }

  @Test
  void closingRemovesTheGaugesAndStopsCounting() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (IpamEngine engine = IpamEngine.inMemory()) {
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
      IpamMetrics metrics = new IpamMetrics(engine);
      metrics.bindTo(registry);
      await("gauges", () -> gauge(registry, "ipam.pool.addresses.total", POOL) == 256);
      metrics.close();
      assertThat(registry.find("ipam.pool.addresses.total").gauges()).isEmpty();
      engine.applyClaim(claim("after", 25));
      assertThat(count(registry, "ipam.claims.bound", POOL)).isZero();
      assertThatThrownBy(() -> metrics.bindTo(registry)).isInstanceOf(IllegalStateException.class);
    }
  }
}
