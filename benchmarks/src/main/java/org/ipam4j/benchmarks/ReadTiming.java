package org.ipam4j.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;

/**
 * Reads beside the writes they must not pay for: {@code getClaim}, {@code listClaims} of 10,000
 * claims, {@code poolUsage}, {@code getAllocation} and {@code listAllocations} of 10,000, in memory
 * or on a new SQLite file ({@code sqlite}), over 10,000 claims of one pool; five rounds after two
 * to warm up, median and range.
 *
 * <p>{@code java -cp benchmarks.jar org.ipam4j.benchmarks.ReadTiming [sqlite]}
 */
public final class ReadTiming {

  private ReadTiming() {}

  /** One kind of read, timed {@code times} times a round, reported in {@code unit}. */
  private record Read(
      String name, String unit, int times, int per, java.util.function.IntConsumer once) {}

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
    String[] allocations = new String[10000];
    for (int i = 0; i < allocations.length; i++) {
      allocations[i] = IPAllocation.nameForClaim("b", "c" + i);
    }
    List<Read> reads =
        List.of(
            new Read("getClaim", "ns", gets, 1, i -> e.getClaim("b", "c" + (i % 10000))),
            new Read("listClaims of 10,000", "us", lists, 1000, i -> e.listClaims("b")),
            new Read("poolUsage", "ns", usages, 1, i -> e.poolUsage("b", "p")),
            new Read(
                "getAllocation", "ns", gets, 1, i -> e.getAllocation("b", allocations[i % 10000])),
            new Read("listAllocations of 10,000", "us", lists, 1000, i -> e.listAllocations("b")));
    long[][] times = new long[reads.size()][5];
    for (int r = -2; r < 5; r++) {
      for (int k = 0; k < reads.size(); k++) {
        Read read = reads.get(k);
        long t0 = System.nanoTime();
        for (int i = 0; i < read.times(); i++) {
          read.once().accept(i);
        }
        if (r >= 0) {
          times[k][r] = (System.nanoTime() - t0) / read.times() / read.per();
        }
      }
    }
    StringBuilder out = new StringBuilder(sqlite ? "sqlite" : "memory");
    for (int k = 0; k < reads.size(); k++) {
      long[] t = times[k];
      Arrays.sort(t);
      Read read = reads.get(k);
      out.append(k == 0 ? ": " : ", ")
          .append(String.format("%s %,d %s (%,d-%,d)", read.name(), t[2], read.unit(), t[0], t[4]));
    }
    System.out.println(out);
    store.close();
  }
}
