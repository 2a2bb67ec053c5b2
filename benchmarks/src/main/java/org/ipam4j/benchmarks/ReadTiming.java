package org.ipam4j.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;

/**
 * Reads beside the writes they must not pay for: {@code getClaim}, {@code listClaims} of 10,000
 * claims and {@code poolUsage}, in memory or on a new SQLite file ({@code sqlite}), over 10,000
 * claims of one pool; five rounds after two to warm up, median and range.
 *
 * <p>{@code java -cp benchmarks.jar org.ipam4j.benchmarks.ReadTiming [sqlite]}
 */
public final class ReadTiming {

  private ReadTiming() {}

  public static void main(String[] a) throws java.io.IOException {
    boolean sqlite = a.length > 0 && a[0].equals("sqlite");
    IpamStore store =
        sqlite
            ? org.ipam4j.jdbc.JdbcStore.open(
                "jdbc:sqlite:" + java.nio.file.Files.createTempDirectory("r").resolve("x.db"))
            : IpamStore.inMemory();
    IpamEngine e = IpamEngine.builder().store(store).recheckWaiting(Duration.ZERO).build();
    e.applyPool(IPPool.of("b", "p", IPPoolSpec.root("10.0.0.0/8")));
    java.util.List<IPClaim> batch = new java.util.ArrayList<>();
    for (int i = 0; i < 10000; i++) {
      batch.add(IPClaim.of("b", "c" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p")));
    }
    e.applyClaims(batch);
    int gets = sqlite ? 20_000 : 500_000;
    int lists = sqlite ? 20 : 200;
    int usages = sqlite ? 2_000 : 20_000;
    long[] g = new long[5];
    long[] l = new long[5];
    long[] u = new long[5];
    for (int r = -2; r < 5; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < gets; i++) {
        e.getClaim("b", "c" + (i % 10000));
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < lists; i++) {
        e.listClaims("b");
      }
      long t2 = System.nanoTime();
      for (int i = 0; i < usages; i++) {
        e.poolUsage("b", "p");
      }
      long t3 = System.nanoTime();
      if (r >= 0) {
        g[r] = (t1 - t0) / gets;
        l[r] = (t2 - t1) / lists / 1000;
        u[r] = (t3 - t2) / usages;
      }
    }
    Arrays.sort(g);
    Arrays.sort(l);
    Arrays.sort(u);
    System.out.println(
        (sqlite ? "sqlite" : "memory")
            + ": getClaim "
            + g[2]
            + " ns ("
            + g[0]
            + "-"
            + g[4]
            + "), listClaims of 10,000 "
            + l[2]
            + " us ("
            + l[0]
            + "-"
            + l[4]
            + "), poolUsage "
            + u[2]
            + " ns ("
            + u[0]
            + "-"
            + u[4]
            + ")");
    store.close();
  }
}
