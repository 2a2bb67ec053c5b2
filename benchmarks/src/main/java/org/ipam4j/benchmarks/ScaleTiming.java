package org.ipam4j.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;

/**
 * Whether the engine's costs grow only with the work asked for (issue 16), as a plain timing
 * program for A/B runs of two builds: {@code java -Xmx8g -cp benchmarks.jar
 * org.ipam4j.benchmarks.ScaleTiming waiting|roots|growing [args]}, in memory, or on a new SQLite
 * file with {@code -Dstore=sqlite}; with {@code -Dmetrics=true}, the engine's {@code IpamMetrics}
 * bound to a Micrometer registry throughout (what metrics cost a claim).
 *
 * <ul>
 *   <li>{@code waiting [count] [applies]}: µs per {@code applyPool} of a new root pool (median,
 *       min, max of {@code applies}), with no claims waiting, then with {@code count} (10,000)
 *       claims waiting in another project, in the same project on another pool by {@code poolRef},
 *       and in the same project by a selector the new pools do not match.
 *   <li>{@code roots [sizes...]}: µs per pool of one {@code applyAll} of that many root pools (100,
 *       1,000 and 10,000 by default), each in a fresh engine, three times each.
 *   <li>{@code growing [held...]}: ns per new /32 claim by {@code poolRef} into one /8 once the
 *       store holds that many claims (1,000 and 1,000,000 by default), over a window of 20,000
 *       claims, five windows; the window's claims are deleted after each so the store stays at its
 *       size. Three unprinted rounds at 10,000 held come first.
 * </ul>
 */
public final class ScaleTiming {

  private ScaleTiming() {}

  public static void main(String[] args) {
    String what = args.length == 0 ? "waiting" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (what) {
      case "waiting" -> waiting(rest);
      case "roots" -> roots(rest);
      case "growing" -> growing(rest);
      default -> throw new IllegalArgumentException("waiting, roots or growing, not " + what);
    }
  }

  /** An engine and the store it was given (none: its own in-memory store), closed together. */
  private record Opened(
      IpamEngine engine,
      java.util.Optional<IpamStore> store,
      java.util.Optional<org.ipam4j.micrometer.IpamMetrics> metrics)
      implements AutoCloseable {
    @Override
    public void close() {
      metrics.ifPresent(org.ipam4j.micrometer.IpamMetrics::close);
      engine.close();
      store.ifPresent(IpamStore::close);
    }
  }

  private static Opened measured(IpamEngine engine, java.util.Optional<IpamStore> store) {
    if (!Boolean.getBoolean("metrics")) {
      return new Opened(engine, store, java.util.Optional.empty());
    }
    org.ipam4j.micrometer.IpamMetrics metrics = new org.ipam4j.micrometer.IpamMetrics(engine);
    metrics.bindTo(new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
    return new Opened(engine, store, java.util.Optional.of(metrics));
  }

  /** An engine in memory, or on a new SQLite file with {@code -Dstore=sqlite}. */
  private static Opened open() {
    IpamEngine.Builder builder = IpamEngine.builder().recheckWaiting(Duration.ZERO);
    if (!"sqlite".equals(System.getProperty("store"))) {
      return measured(builder.build(), java.util.Optional.empty());
    }
    try {
      java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ipam4j-scale");
      dir.toFile().deleteOnExit();
      IpamStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("ipam.db"));
      return measured(builder.store(store).build(), java.util.Optional.of(store));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  // ---- waiting claims and unrelated pools -------------------------------------------------------

  private static void waiting(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int applies = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    System.out.println("µs per applyPool of a new root pool (median; min-max of " + applies + ")");
    int round = 0;
    // The first two rounds warm the JIT up and are not printed.
    for (String where :
        new String[] {
          "none", "other-project", "none", "other-project", "other-pool", "unmatched-selector"
        }) {
      boolean warmUp = ++round <= 2;
      try (Opened opened = open()) {
        IpamEngine engine = opened.engine();
        // A full /30 in project "busy": every claim on it waits.
        engine.applyPool(
            IPPool.of("busy", "tiny", IPPoolSpec.root("192.168.0.0/30"))
                .withLabels(Map.of("tier", "tiny")));
        engine.applyClaim(
            IPClaim.of("busy", "holder", IPClaimSpec.fromPool(IpFamily.IPv4, 30, "tiny")));
        if (!where.equals("none")) {
          IPClaimSpec spec =
              where.equals("unmatched-selector")
                  ? IPClaimSpec.fromSelector(
                      IpFamily.IPv4, 32, PoolSelector.matching(Map.of("tier", "tiny")))
                  : IPClaimSpec.fromPool(IpFamily.IPv4, 32, "tiny");
          List<IpamObject> batch = new ArrayList<>();
          for (int i = 0; i < count; i++) {
            batch.add(IPClaim.of("busy", "w" + i, spec));
          }
          engine.applyAll(batch).orThrow();
        }
        String project = where.equals("other-project") || where.equals("none") ? "quiet" : "busy";
        long[] runs = new long[applies];
        for (int i = 0; i < applies; i++) {
          IPPool pool =
              IPPool.of(
                      project,
                      "new-" + i,
                      IPPoolSpec.root(Cidr.ipv4(0x0A000000 + (i << 16), 16).toString()))
                  .withLabels(Map.of("tier", "other"));
          long start = System.nanoTime();
          engine.applyPool(pool);
          runs[i] = System.nanoTime() - start;
        }
        if (warmUp) {
          continue;
        }
        System.out.println(
            "  "
                + where
                + " ("
                + (where.equals("none") ? 0 : count)
                + " waiting): "
                + summary(runs, 1_000));
      }
    }
  }

  // ---- many root pools in one set ---------------------------------------------------------------

  private static void roots(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {100, 1_000, 10_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println("µs per pool of one applyAll of n root pools (median; min-max of 3)");
    int[] withWarmUp = new int[sizes.length + 1];
    withWarmUp[0] = 1_000;
    System.arraycopy(sizes, 0, withWarmUp, 1, sizes.length);
    boolean warmUp = true;
    for (int n : withWarmUp) {
      long[] runs = new long[3];
      for (int r = 0; r < runs.length; r++) {
        try (Opened opened = open()) {
          IpamEngine engine = opened.engine();
          List<IpamObject> set = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            set.add(
                IPPool.of(
                    "p",
                    "r" + i,
                    IPPoolSpec.root(Cidr.ipv4(0x0A000000 + (i << 8), 24).toString())));
          }
          long start = System.nanoTime();
          engine.applyAll(set).orThrow();
          runs[r] = (System.nanoTime() - start) / n;
        }
      }
      if (!warmUp) {
        System.out.println("  n=" + n + ": " + summary(runs, 1_000));
      }
      warmUp = false;
    }
  }

  // ---- new claims into a store of a given size --------------------------------------------------

  private static void growing(String[] args) {
    int[] sizes =
        args.length == 0
            ? new int[] {1_000, 1_000_000}
            : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    int window = 20_000;
    System.out.println(
        "ns per new /32 claim by poolRef, store held at n (median; min-max of 5 windows)");
    // Three unprinted rounds at 10,000 first: with one, the first size printed ran up to a third
    // slower than the same size measured again later in the process (the JIT and the young
    // generation still settling), whichever build ran.
    int warmUps = 3;
    int[] withWarmUp = new int[sizes.length + warmUps];
    Arrays.fill(withWarmUp, 0, warmUps, 10_000);
    System.arraycopy(sizes, 0, withWarmUp, warmUps, sizes.length);
    int round = 0;
    for (int n : withWarmUp) {
      boolean warmUp = round++ < warmUps;
      try (Opened opened = open()) {
        IpamEngine engine = opened.engine();
        engine.applyPool(IPPool.of("b", "p", IPPoolSpec.root("10.0.0.0/8")));
        for (int i = 0; i < n; i++) {
          engine.applyClaim(IPClaim.of("b", "h" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p")));
        }
        IPClaim[] claims = new IPClaim[window];
        for (int i = 0; i < window; i++) {
          claims[i] = IPClaim.of("b", "g" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 32, "p"));
        }
        long[] runs = new long[5];
        for (int r = -2; r < runs.length; r++) {
          long start = System.nanoTime();
          for (IPClaim c : claims) {
            engine.applyClaim(c);
          }
          long took = (System.nanoTime() - start) / window;
          if (r >= 0) {
            runs[r] = took;
          }
          for (IPClaim c : claims) {
            engine.deleteClaim("b", c.metadata().name());
          }
        }
        if (!warmUp) {
          System.out.println("  n=" + n + ": " + summary(runs, 1));
        }
      }
    }
  }

  private static String summary(long[] nanos, long unit) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return String.format(
        "%.1f; %.1f-%.1f",
        sorted[sorted.length / 2] / (double) unit,
        sorted[0] / (double) unit,
        sorted[sorted.length - 1] / (double) unit);
  }
}
