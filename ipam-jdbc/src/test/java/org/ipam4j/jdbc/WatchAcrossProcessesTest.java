package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.ChangePage;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchRequest;
import org.junit.jupiter.api.Test;

/**
 * Watches across JVM processes, on SQLite and on PostgreSQL: a watcher in one process sees another
 * process's commits, in order, each once; killed and resumed, it sees exactly the change log; and
 * many writers' changes arrive in revision order.
 */
@SuppressWarnings("try") // try-with-resources ends each watch and child process
class WatchAcrossProcessesTest {

  /** Every database of this class lives here, removed after its tests. */
  @org.junit.jupiter.api.io.TempDir static Path scratch;

  private static String sqliteUrl() throws IOException {
    return "jdbc:sqlite:" + Files.createTempDirectory(scratch, "watch").resolve("ipam.db");
  }

  /** A child JVM, its output lines as they come. */
  static final class Child implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final List<String> all = new CopyOnWriteArrayList<>();

    Child(String mainClass, String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(mainClass);
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  String line;
                  while ((line = r.readLine()) != null) {
                    all.add(line);
                    lines.add(line);
                  }
                } catch (IOException ignored) {
                  // The process died; what it printed is in `all`.
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    /** Waits for a line that starts with {@code prefix}; returns it. */
    String await(String prefix) throws InterruptedException {
      while (true) {
        String line = lines.poll(60, TimeUnit.SECONDS);
        assertThat(line).as("a line starting %s; so far %s", prefix, all).isNotNull();
        if (line.startsWith(prefix)) {
          return line;
        }
      }
    }

    /** The change lines printed so far. */
    List<String> changes() {
      return all.stream().filter(l -> l.startsWith("C ")).toList();
    }

    void stop() throws Exception {
      process.getOutputStream().close();
      assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  /** The store's change log after {@code revision}, as the worker prints it. */
  private static List<String> log(JdbcStore store, long revision) {
    List<String> out = new ArrayList<>();
    long at = revision;
    while (true) {
      ChangePage page = store.changesAfter(at, 1000);
      if (page.through() == at) {
        return out;
      }
      page.changes().forEach(c -> out.add(WatchWorker.line(c)));
      at = page.through();
    }
  }

  private static long revisionOf(String changeLine) {
    return Long.parseLong(changeLine.split(" ")[1]);
  }

  /**
   * Waits until the child has printed every change of the log after {@code revision}, counting
   * {@code offset} more (changes seen before it) or fewer (its list) than it printed.
   */
  private static List<String> awaitLog(Child child, JdbcStore store, long revision, int offset)
      throws InterruptedException {
    List<String> expected = log(store, revision);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (child.changes().size() + offset < expected.size() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return expected;
  }

  // ---- a watcher sees another process's commits ----------------------------------------------

  @Test
  void sqliteWatcherSeesAnotherProcessesChanges() throws Exception {
    watcherSeesAnotherProcessesChanges(sqliteUrl());
  }

  @Test
  void postgresWatcherSeesAnotherProcessesChanges() throws Exception {
    watcherSeesAnotherProcessesChanges(PostgresTests.freshDatabaseUrl());
  }

  private void watcherSeesAnotherProcessesChanges(String url) throws Exception {
    try (JdbcStore store = JdbcStore.open(url);
        IpamEngine engine = IpamEngine.builder().store(store).build()) {
      engine.applyPool(IPPool.of("p", "before", IPPoolSpec.root("192.168.0.0/24")));
      try (Child watcher = new Child(WatchWorker.class.getName(), url, "list")) {
        long synced = Long.parseLong(watcher.await("S ").substring(2));
        assertThat(watcher.changes())
            .containsExactly("C " + synced + " ADDED IPPool p/before Ready");
        // A /24 with room for four /26s, six claims: two wait, and are bound once two go.
        engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/24")));
        for (int i = 0; i < 6; i++) {
          engine.applyClaim(
              IPClaim.of("p", "c" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 26, "pool")));
        }
        engine.deleteClaim("p", "c0");
        engine.deleteClaim("p", "c1");
        List<String> expected = awaitLog(watcher, store, synced, -1);
        List<String> seen = watcher.changes().subList(1, watcher.changes().size());
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(seen)
            .contains(
                "C "
                    + revisionOf(expected.get(expected.size() - 1))
                    + " MODIFIED IPClaim p/c5 Bound");
        assertThat(seen.stream().mapToLong(WatchAcrossProcessesTest::revisionOf).toArray())
            .isSorted();
        watcher.stop();
      }
    }
  }

  // ---- killed mid-stream and resumed ---------------------------------------------------------

  @Test
  void sqliteWatcherKilledAndResumedSeesExactlyTheLog() throws Exception {
    killedAndResumed(sqliteUrl());
  }

  @Test
  void postgresWatcherKilledAndResumedSeesExactlyTheLog() throws Exception {
    killedAndResumed(PostgresTests.freshDatabaseUrl());
  }

  private void killedAndResumed(String url) throws Exception {
    try (JdbcStore store =
            JdbcStore.builder()
                .changeRetention(new ChangeRetention(Duration.ofHours(1), 2000))
                .open(url);
        IpamEngine engine = IpamEngine.builder().store(store).build()) {
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/16")));
      long start = store.revision();
      List<String> before;
      long resumeAfter;
      Thread writer =
          new Thread(
              () -> {
                for (int i = 0; i < 200; i++) {
                  engine.applyClaim(
                      IPClaim.of("p", "c" + i, IPClaimSpec.fromPool(IpFamily.IPv4, 28, "pool")));
                  if (i % 3 == 0) {
                    engine.deleteClaim("p", "c" + i);
                  }
                }
              });
      try (Child first = new Child(WatchWorker.class.getName(), url, Long.toString(start))) {
        first.await("READY");
        writer.start();
        while (first.changes().size() < 100) {
          Thread.sleep(5);
        }
        first.process.destroyForcibly(); // SIGKILL, mid-stream
        assertThat(first.process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        Thread.sleep(200); // the reader thread takes what the pipe still held
        List<String> printed = first.changes();
        // The last revision printed may be cut short: resume after the one before it.
        long last = revisionOf(printed.get(printed.size() - 1));
        before = printed.stream().filter(l -> revisionOf(l) < last).toList();
        resumeAfter = revisionOf(before.get(before.size() - 1));
      }
      try (Child second = new Child(WatchWorker.class.getName(), url, Long.toString(resumeAfter))) {
        writer.join();
        List<String> expected = awaitLog(second, store, start, before.size());
        List<String> seen = new ArrayList<>(before);
        seen.addAll(second.changes());
        assertThat(seen).containsExactlyElementsOf(expected);
        second.stop();
      }
      // A resume point older than the store keeps is expired, never a silent gap.
      // Another writer keeps only 50 commits: 60 commits later, `start` is gone.
      try (JdbcStore shortLog =
          JdbcStore.builder()
              .changeRetention(new ChangeRetention(Duration.ofHours(1), 50))
              .open(url)) {
        IpamEngine other = IpamEngine.builder().store(shortLog).build();
        for (int i = 0; i < 60; i++) {
          other.applyPool(IPPool.of("q", "p" + i, IPPoolSpec.root("10." + (64 + i) + ".0.0/16")));
        }
      }
      try (Child stale = new Child(WatchWorker.class.getName(), url, Long.toString(start))) {
        assertThat(stale.await("E ")).contains("revision " + start + " is too old");
        stale.stop();
      }
    }
  }

  // ---- two writer processes, one watcher -----------------------------------------------------

  @Test
  void sqliteTwoWriterProcessesChangesArriveInRevisionOrder() throws Exception {
    twoWriters(sqliteUrl());
  }

  @Test
  void postgresTwoWriterProcessesChangesArriveInRevisionOrder() throws Exception {
    twoWriters(PostgresTests.freshDatabaseUrl());
  }

  /** Two processes of 1,700 claims each (3 changes a claim): over 10,000 changes. */
  private void twoWriters(String url) throws Exception {
    try (JdbcStore store = JdbcStore.open(url);
        IpamEngine engine = IpamEngine.builder().store(store).build()) {
      engine.applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/12")));
      long start = store.revision();
      List<Change> seen = new CopyOnWriteArrayList<>();
      try (Subscription s = engine.watch(WatchRequest.fromRevision(start), seen::add);
          Child a = new Child(ClaimWorker.class.getName(), url, "a", "1700", "28");
          Child b = new Child(ClaimWorker.class.getName(), url, "b", "1700", "28")) {
        assertThat(a.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(b.process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(a.process.exitValue()).isZero();
        assertThat(b.process.exitValue()).isZero();
        List<String> expected = log(store, start);
        assertThat(expected.size()).isGreaterThanOrEqualTo(10_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.size() < expected.size() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(seen.stream().map(WatchWorker::line).toList())
            .containsExactlyElementsOf(expected);
      }
    }
  }
}
