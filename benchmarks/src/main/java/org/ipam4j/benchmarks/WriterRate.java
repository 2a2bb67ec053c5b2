package org.ipam4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;

/**
 * One writer's claims per second on a database, for A/B runs of two builds (it uses only what every
 * build has): a claim, and every other one deleted again, for {@code SECONDS} after a warm-up of as
 * long, five runs; prints each run. Run: {@code java -cp benchmarks.jar
 * org.ipam4j.benchmarks.WriterRate sqlite|postgresql [SECONDS [JDBC_URL]]}.
 */
public final class WriterRate {

  private WriterRate() {}

  public static void main(String[] args) {
    Dialect dialect = Dialect.valueOf(args[0].toUpperCase(java.util.Locale.ROOT));
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String url = args.length > 2 ? args[2] : JdbcClaimBenchmark.databaseUrl(dialect);
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine engine = IpamEngine.builder().store(store).build();
      engine.applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/8")));
      long[] next = {0};
      run(engine, next, seconds);
      StringBuilder out = new StringBuilder(dialect + " claims/s:");
      for (int i = 0; i < 5; i++) {
        out.append(String.format(" %.0f", run(engine, next, seconds)));
      }
      System.out.println(out);
    }
  }

  static double run(IpamEngine engine, long[] next, int seconds) {
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    int claims = 0;
    while (System.nanoTime() < end) {
      String name = "r-" + ++next[0];
      engine.applyClaim(IPClaim.of("bench", name, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool")));
      claims++;
      if (claims % 2 == 0) {
        engine.deleteClaim("bench", name);
      }
    }
    return claims / ((System.nanoTime() - start) / 1e9);
  }
}
