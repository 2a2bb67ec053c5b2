package org.ipam4j.spring;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.Capacity;
import org.ipam4j.model.IPPool;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code ipam} health indicator: {@code UP} while the store can be read, with details the
 * operator acts on: how many pools and waiting claims there are, and each pool whose utilization is
 * past the threshold ({@code ipam4j.health.utilization-threshold}). A full pool leaves the service
 * up (its claims wait, and say so); alarms on fullness belong to the metrics. {@code DOWN} when the
 * store cannot be read.
 *
 * @since 0.1
 */
public final class IpamHealthIndicator extends AbstractHealthIndicator {

  private final IpamEngine engine;
  private final double threshold;

  /**
   * An indicator for an engine.
   *
   * @param engine the engine
   * @param threshold the utilization, from 0 to 1, past which a pool is named
   */
  public IpamHealthIndicator(IpamEngine engine, double threshold) {
    super("ipam4j health check failed");
    this.engine = engine;
    this.threshold = threshold;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    List<IPPool> pools = engine.listAllPools();
    List<String> full = new ArrayList<>();
    for (IPPool pool : pools) {
      double used = utilization(pool);
      if (used > threshold) {
        full.add(pool.metadata().key() + " " + Math.floor(used * 1000) / 10 + "%");
      }
    }
    builder
        .up()
        .withDetail("pools", pools.size())
        .withDetail("waitingClaims", engine.listWaitingClaims().size())
        .withDetail("utilizationThreshold", threshold)
        .withDetail("poolsAboveThreshold", full);
  }

  private static double utilization(IPPool pool) {
    if (pool.status().capacity().isEmpty()) {
      return 0;
    }
    Capacity c = pool.status().capacity().get();
    if (c.total().signum() == 0) {
      return 0;
    }
    return new BigDecimal(c.allocated())
        .divide(new BigDecimal(c.total()), MathContext.DECIMAL64)
        .doubleValue();
  }
}
