package org.ipam4j.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.Kind;
import org.ipam4j.net.IpFamily;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchRequest;

/**
 * Watches across processes, timed (issue 14), on SQLite and PostgreSQL:
 *
 * <ol>
 *   <li>latency from a commit in this process (the moment {@code applyClaim} returns) to its
 *       delivery to a watch in another JVM: 300 claims, 5-15 ms apart, after 200 to warm up;
 *       median, 99th percentile and the largest ({@code System.nanoTime} is one clock for every
 *       process on Linux);
 *   <li>one writer's claims per second with: no watcher ({@code none}); one watch in another
 *       process ({@code 1}); ten watches in another process ({@code 1x10}); ten watcher processes
 *       of one watch each ({@code 10x1}); ten processes watching another database ({@code idle10},
 *       the cost of ten JVMs on these two cores, whatever they run); and one blocked listener in
 *       the writer's own process ({@code blocked}). 5 s runs after 12 s of warm-up (the watcher
 *       JVMs' JIT needs it), each setting twice, the second pass in reverse order so that drift
 *       shows.
 * </ol>
 *
 * Run: {@code java -cp benchmarks/target/benchmarks.jar org.ipam4j.benchmarks.WatchLatency}.
 */
public final class WatchLatency {

  private WatchLatency() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("watch")) {
      watcher(args[1], args[2].equals("print"), Integer.parseInt(args[3]));
      return;
    }
    for (Dialect dialect : Dialect.values()) {
      String url = JdbcClaimBenchmark.databaseUrl(dialect);
      try (JdbcStore store = JdbcStore.open(url);
          IpamEngine engine = IpamEngine.builder().store(store).build()) {
        engine.applyPool(IPPool.of("bench", "pool", IPPoolSpec.root("10.0.0.0/8")));
        latency(dialect, url, engine);
        rates(dialect, url, engine);
      }
    }
  }

  /**
   * The child: {@code watches} watches of claims from now; with {@code print}, a line per claim.
   */
  private static void watcher(String url, boolean print, int watches) throws Exception {
    PrintStream out = System.out;
    try (JdbcStore store = JdbcStore.open(url);
        IpamEngine engine = IpamEngine.builder().store(store).build()) {
      List<Subscription> subscriptions = new ArrayList<>();
      for (int i = 0; i < watches; i++) {
        subscriptions.add(
            engine.watch(
                WatchRequest.fromNow().kinds(Kind.IPClaim),
                change -> {
                  if (print) {
                    long now = System.nanoTime();
                    out.println(change.object().metadata().name() + " " + now);
                    out.flush();
                  }
                }));
      }
      out.println("READY");
      out.flush();
      while (System.in.read() >= 0) {
        // until the parent closes standard input
      }
      subscriptions.forEach(Subscription::close);
    }
  }

  private static Process child(String url, boolean print) throws IOException {
    return child(url, print, 1);
  }

  private static Process child(String url, boolean print, int watches) throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            WatchLatency.class.getName(),
            "watch",
            url,
            print ? "print" : "quiet",
            Integer.toString(watches))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static BufferedReader lines(Process p) {
    return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
  }

  private static void latency(Dialect dialect, String url, IpamEngine engine) throws Exception {
    Process watcher = child(url, true);
    BufferedReader in = lines(watcher);
    if (!"READY".equals(in.readLine())) {
      throw new IllegalStateException("the watcher did not start");
    }
    Map<String, Long> received = new ConcurrentHashMap<>();
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = in.readLine()) != null) {
                  String[] parts = line.split(" ");
                  received.put(parts[0], Long.parseLong(parts[1]));
                }
              } catch (IOException ignored) {
                // the child ended
              }
            });
    reader.start();
    // Warm-up: the watcher JVM's first deliveries run interpreted.
    for (int i = 0; i < 200; i++) {
      engine.applyClaim(
          IPClaim.of("bench", "warm-" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool")));
      Thread.sleep(5);
    }
    int n = 300;
    Map<String, Long> committed = new HashMap<>();
    java.util.Random random = new java.util.Random(14);
    for (int i = 0; i < n; i++) {
      String name = "lat-" + i;
      engine.applyClaim(IPClaim.of("bench", name, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool")));
      committed.put(name, System.nanoTime());
      Thread.sleep(5 + random.nextInt(11));
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (received.size() < n + 200 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    watcher.getOutputStream().close();
    watcher.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    double[] ms = new double[n];
    int i = 0;
    for (Map.Entry<String, Long> e : committed.entrySet()) {
      Long at = received.get(e.getKey());
      if (at == null) {
        throw new IllegalStateException(e.getKey() + " was never delivered");
      }
      ms[i++] = (at - e.getValue()) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "%s commit-to-delivery across processes, %d claims: median %.1f ms, p99 %.1f ms, max %.1f"
            + " ms%n",
        dialect, n, ms[n / 2], ms[(int) Math.ceil(n * 0.99) - 1], ms[n - 1]);
  }

  private static void rates(Dialect dialect, String url, IpamEngine engine) throws Exception {
    AtomicLong next = new AtomicLong();
    String[] order = {
      "none", "1", "1x10", "10x1", "idle10", "blocked", "blocked", "idle10", "10x1", "1x10", "1",
      "none"
    };
    String elsewhere = JdbcClaimBenchmark.databaseUrl(dialect);
    JdbcStore.open(elsewhere).close();
    Map<String, List<Double>> results = new java.util.LinkedHashMap<>();
    for (String setting : order) {
      List<Process> watchers = new ArrayList<>();
      Subscription blocked = null;
      CountDownLatch release = new CountDownLatch(1);
      if (setting.equals("blocked")) {
        blocked =
            engine.watch(
                WatchRequest.fromNow(),
                change -> {
                  try {
                    release.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
      } else if (!setting.equals("none")) {
        int processes = setting.equals("1x10") || setting.equals("1") ? 1 : 10;
        int watches = setting.equals("1x10") ? 10 : 1;
        for (int w = 0; w < processes; w++) {
          watchers.add(child(setting.equals("idle10") ? elsewhere : url, false, watches));
        }
        for (Process p : watchers) {
          if (!"READY".equals(lines(p).readLine())) {
            throw new IllegalStateException("a watcher did not start");
          }
        }
      }
      // Warm-up long enough for the watcher JVMs' JIT too: fresh ones compile for many seconds.
      run(engine, next, 12);
      double rate = run(engine, next, 5);
      results.computeIfAbsent(setting, k -> new ArrayList<>()).add(rate);
      release.countDown();
      if (blocked != null) {
        blocked.close();
      }
      for (Process p : watchers) {
        p.getOutputStream().close();
      }
      for (Process p : watchers) {
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
    StringBuilder line = new StringBuilder(dialect + " one writer, claims/s by watchers:");
    results.forEach(
        (setting, rates) ->
            line.append(" ")
                .append(setting)
                .append(" ")
                .append(rates.stream().map(r -> String.format("%.0f", r)).toList()));
    System.out.println(line);
  }

  /** Claims (each then deleted, so the pool never fills) for {@code seconds}; claims a second. */
  private static double run(IpamEngine engine, AtomicLong next, int seconds) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    long start = System.nanoTime();
    int claims = 0;
    while (System.nanoTime() < end) {
      String name = "r-" + next.incrementAndGet();
      engine.applyClaim(IPClaim.of("bench", name, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool")));
      claims++;
      if (claims % 2 == 0) {
        engine.deleteClaim("bench", name);
      }
    }
    return claims / ((System.nanoTime() - start) / 1e9);
  }
}
