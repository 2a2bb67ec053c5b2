package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipam4j.ExpiredException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.Kind;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.ChangeRetention;
import org.ipam4j.store.IpamStore;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // try-with-resources ends each watch
class IpamEngineWatchTest {

  private final IpamEngine engine = IpamEngine.inMemory();

  @AfterEach
  void close() {
    engine.close();
  }

  /** Records what a watch tells, as text, in order. */
  static final class Recorder implements WatchListener {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    volatile long lastRevision;

    @Override
    public void onChange(Change c) {
      lastRevision = c.revision();
      events.add(c.type() + " " + c.object().kind() + " " + c.object().metadata().key());
    }

    @Override
    public void onSynced(long revision) {
      lastRevision = revision;
      events.add("SYNCED");
    }

    @Override
    public void onExpired(ExpiredException reason) {
      events.add("EXPIRED " + reason.getMessage());
    }

    List<String> take(int n) throws InterruptedException {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String e = events.poll(10, TimeUnit.SECONDS);
        assertThat(e).as("event %d after %s", i, out).isNotNull();
        out.add(e);
      }
      return out;
    }

    void assertQuiet() throws InterruptedException {
      assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no further event").isNull();
    }
  }

  private void pool(String project, String name, String cidr) {
    engine.applyPool(IPPool.of(project, name, IPPoolSpec.root(cidr)));
  }

  private void claim(String project, String name, String pool) {
    engine.applyClaim(IPClaim.of(project, name, IPClaimSpec.fromPool(IpFamily.IPv4, 24, pool)));
  }

  @Test
  void aWatchFromNowSeesEveryLaterChangeInOrder() throws Exception {
    Recorder r = new Recorder();
    try (Subscription s = engine.watch(WatchRequest.fromNow(), r)) {
      pool("default", "p", "10.0.0.0/24");
      claim("default", "a", "p");
      engine.deleteClaim("default", "a");
      String alloc = IPAllocation.nameForClaim("default", "a");
      assertThat(r.take(7))
          .containsExactly(
              "ADDED IPPool default/p",
              "ADDED IPClaim default/a",
              "ADDED IPAllocation default/" + alloc,
              "MODIFIED IPPool default/p",
              "DELETED IPClaim default/a",
              "DELETED IPAllocation default/" + alloc,
              "MODIFIED IPPool default/p");
      r.assertQuiet();
    }
  }

  @Test
  void aListFirstWatchListsThenSaysSoThenWatches() throws Exception {
    pool("a", "p", "10.0.0.0/16");
    pool("b", "q", "10.1.0.0/16");
    Recorder r = new Recorder();
    try (Subscription s = engine.watch(WatchRequest.listFirst().kinds(Kind.IPPool), r)) {
      assertThat(r.take(3)).containsExactly("ADDED IPPool a/p", "ADDED IPPool b/q", "SYNCED");
      pool("a", "r", "10.2.0.0/16");
      assertThat(r.take(1)).containsExactly("ADDED IPPool a/r");
    }
  }

  @Test
  void kindsAndProjectNarrowAWatch() throws Exception {
    Recorder r = new Recorder();
    try (Subscription s =
        engine.watch(WatchRequest.fromNow().kinds(Kind.IPClaim).project("team-a"), r)) {
      pool("team-a", "p", "10.0.0.0/16");
      pool("team-b", "p", "10.0.0.0/16");
      claim("team-b", "c", "p");
      claim("team-a", "c", "p");
      assertThat(r.take(1))
          .as("bound in the commit that created it")
          .containsExactly("ADDED IPClaim team-a/c");
      r.assertQuiet();
    }
  }

  @Test
  void aResumedWatchSeesExactlyWhatCameAfterItsRevision() throws Exception {
    pool("default", "p", "10.0.0.0/16");
    Recorder first = new Recorder();
    long resumeAt;
    try (Subscription s = engine.watch(WatchRequest.listFirst(), first)) {
      first.take(2);
      claim("default", "a", "p");
      first.take(3);
      resumeAt = first.lastRevision;
    }
    claim("default", "b", "p");
    engine.deleteClaim("default", "a");
    Recorder second = new Recorder();
    try (Subscription s =
        engine.watch(WatchRequest.fromRevision(resumeAt).kinds(Kind.IPClaim), second)) {
      assertThat(second.take(2))
          .containsExactly("ADDED IPClaim default/b", "DELETED IPClaim default/a");
      second.assertQuiet();
    }
  }

  @Test
  void aResumePointTheStoreNoLongerKeepsIsExpired() throws Exception {
    try (IpamEngine small =
        IpamEngine.builder()
            .store(IpamStore.inMemory(new ChangeRetention(Duration.ofHours(1), 5)))
            .build()) {
      for (int i = 0; i < 10; i++) {
        small.applyPool(IPPool.of("default", "p" + i, IPPoolSpec.root("10." + i + ".0.0/16")));
      }
      Recorder r = new Recorder();
      try (Subscription s = small.watch(WatchRequest.fromRevision(1), r)) {
        assertThat(r.take(1).get(0)).startsWith("EXPIRED revision 1 is too old");
        r.assertQuiet();
      }
    }
  }

  @Test
  void aListenerTooFarBehindExpiresAndWritersNeverWaitForIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstCall = new CountDownLatch(1);
    Recorder r = new Recorder();
    WatchListener stuck =
        new WatchListener() {
          @Override
          public void onChange(Change change) {
            firstCall.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            r.onChange(change);
          }

          @Override
          public void onExpired(ExpiredException reason) {
            r.onExpired(reason);
          }
        };
    try (Subscription s = engine.watch(WatchRequest.fromNow().backlog(5), stuck)) {
      pool("default", "p", "10.0.0.0/16");
      assertThat(firstCall.await(10, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 20; i++) {
        claim("default", "c" + i, "p");
      }
      assertThat(engine.listClaims("default")).hasSize(20);
      release.countDown();
      List<String> seen = r.take(1);
      assertThat(seen.get(0)).isEqualTo("ADDED IPPool default/p");
      String last = "";
      while (!last.startsWith("EXPIRED")) {
        last = r.take(1).get(0);
      }
      assertThat(last).contains("fell 5 changes behind");
      r.assertQuiet();
    }
  }

  @Test
  void aListenerThatThrowsGoesOnReceiving() throws Exception {
    Recorder r = new Recorder();
    try (Subscription s =
        engine.watch(
            WatchRequest.fromNow(),
            c -> {
              r.onChange(c);
              throw new IllegalStateException("listener bug");
            })) {
      pool("default", "p", "10.0.0.0/16");
      pool("default", "q", "10.1.0.0/16");
      assertThat(r.take(2)).containsExactly("ADDED IPPool default/p", "ADDED IPPool default/q");
    }
  }
}
