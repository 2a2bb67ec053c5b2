package org.ipam4j.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.ipam4j.ExpiredException;
import org.ipam4j.StorageException;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.ChangePage;
import org.ipam4j.store.IpamStore;
import org.ipam4j.store.StoreSnapshot;
import org.ipam4j.watch.Change;
import org.ipam4j.watch.Subscription;
import org.ipam4j.watch.WatchListener;
import org.ipam4j.watch.WatchRequest;
import org.jspecify.annotations.Nullable;

/**
 * The engine's watches, fed from the store's change log, so they see every writer's commits (this
 * engine's, other engines', other processes'). One poll loop reads the log for all of them; each
 * watch's listener is called on the delivery executor, one call at a time, through a bounded
 * backlog. Writers never wait for a watch: commits only append to the log.
 *
 * <p>Threads: with the host's executor, the poll loop is one long task on it while any watch is
 * open, and deliveries are its tasks too; else a daemon poll thread and daemon delivery threads of
 * this engine's own, started by the first watch.
 */
final class Watches {

  private static final System.Logger LOG = System.getLogger(IpamEngine.class.getName());

  /** Commits read from the log per round. */
  private static final int PAGE = 256;

  /** The longest the poll loop waits before it looks again (a close is noticed by then). */
  private static final Duration WAIT = Duration.ofMillis(250);

  /**
   * The least time between two reads of the log that were not full pages: under a steady stream of
   * commits (each waking a PostgreSQL watcher) a read takes what some milliseconds brought, instead
   * of one read per commit.
   */
  private static final long GAP_NANOS = Duration.ofMillis(10).toNanos();

  private final IpamStore store;
  private final @Nullable Executor host;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private @Nullable ExecutorService ownedDelivery;
  private @Nullable Thread ownedPoller;
  private boolean polling;
  private volatile boolean closed;

  Watches(IpamStore store, @Nullable Executor host) {
    this.store = store;
    this.host = host;
  }

  Subscription add(WatchRequest request, WatchListener listener) {
    Watch watch;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("the engine is closed");
      }
      // A watch from now starts at the settled revision of this call, so that no commit that
      // completes after it returns is missed (a few just before it may be delivered too).
      long position =
          request.startsNow()
              ? store.settledRevision()
              : request.start().isPresent() ? request.start().getAsLong() : -1;
      watch = new Watch(request, listener, new Serial(delivery()), position);
      watches.add(watch);
      if (!polling) {
        polling = true;
        startPolling();
      }
      notifyAll();
    }
    return watch::close;
  }

  private Executor delivery() {
    if (host != null) {
      return host;
    }
    if (ownedDelivery == null) {
      ownedDelivery = Executors.newCachedThreadPool(daemon("ipam4j-watch-delivery"));
    }
    return ownedDelivery;
  }

  private void startPolling() {
    if (host != null) {
      host.execute(this::pollLoop);
    } else {
      Thread t = daemon("ipam4j-watch").newThread(this::pollLoop);
      ownedPoller = t;
      t.start();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Reads the log for every open watch until none is left (or the engine closes). */
  private void pollLoop() {
    try {
      while (true) {
        synchronized (this) {
          watches.removeIf(Watch::done);
          if (closed || watches.isEmpty()) {
            polling = false;
            return;
          }
        }
        try {
          long read = System.nanoTime();
          if (!round()) {
            store.awaitChange(lowestPosition(), WAIT);
            long since = System.nanoTime() - read;
            if (since < GAP_NANOS) {
              java.util.concurrent.TimeUnit.NANOSECONDS.sleep(GAP_NANOS - since);
            }
          }
        } catch (StorageException e) {
          // The store is unreachable for now: say so, wait, and read again from where each watch
          // stands. Nothing is skipped.
          LOG.log(System.Logger.Level.WARNING, "watch: cannot read the change log", e);
          Thread.sleep(WAIT.toMillis());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      synchronized (this) {
        polling = false;
      }
    } catch (RuntimeException | Error e) {
      LOG.log(System.Logger.Level.ERROR, "watch poll loop failed; watches expire", e);
      for (Watch w : watches) {
        w.expire(new ExpiredException(w.position, 0, "the watch failed: " + e));
      }
      synchronized (this) {
        polling = false;
      }
      throw e;
    }
  }

  private long lowestPosition() {
    long lowest = Long.MAX_VALUE;
    for (Watch w : watches) {
      if (!w.done() && w.position >= 0) {
        lowest = Math.min(lowest, w.position);
      }
    }
    return lowest == Long.MAX_VALUE ? store.revision() : lowest;
  }

  /**
   * One round: lists for new list-first watches, then reads one page of the log from the lowest
   * position and hands each watch what it has not seen.
   *
   * @return whether the log has more right now: the page was full (read again without waiting)
   */
  private boolean round() {
    for (Watch w : watches) {
      if (w.position < 0 && !w.done()) {
        StoreSnapshot snapshot = store.snapshot(w.request.kinds(), w.request.project());
        for (IpamObject o : snapshot.objects()) {
          w.offer(new Change(Change.Type.ADDED, o, o.metadata().resourceVersion()));
        }
        w.synced(snapshot.revision());
        w.position = snapshot.revision();
      }
    }
    long from = lowestPosition();
    // What any open watch wants: the store need not decode the rest.
    java.util.EnumSet<org.ipam4j.model.Kind> kinds =
        java.util.EnumSet.noneOf(org.ipam4j.model.Kind.class);
    java.util.Set<java.util.Optional<String>> projects = new java.util.HashSet<>();
    for (Watch w : watches) {
      if (!w.done()) {
        kinds.addAll(w.request.kinds());
        projects.add(w.request.project());
      }
    }
    java.util.Optional<String> project =
        projects.size() == 1 ? projects.iterator().next() : java.util.Optional.empty();
    if (kinds.isEmpty()) {
      return false;
    }
    ChangePage page;
    try {
      page = store.changesAfter(from, PAGE, kinds, project);
    } catch (ExpiredException e) {
      for (Watch w : watches) {
        if (w.position < e.oldestKept() - 1) {
          w.expire(ExpiredException.pruned(w.position, e.oldestKept()));
        }
      }
      return true;
    }
    for (Watch w : watches) {
      if (w.done() || w.position >= page.through()) {
        continue;
      }
      for (Change c : page.changes()) {
        if (c.revision() > w.position && w.request.matches(c.object())) {
          w.offer(c);
        }
      }
      w.position = page.through();
    }
    // A page of PAGE commits may have more behind it (filtered pages count commits too).
    return page.through() > from && page.through() - from >= PAGE;
  }

  void close() {
    synchronized (this) {
      closed = true;
      for (Watch w : watches) {
        w.close();
      }
      watches.clear();
      if (ownedPoller != null) {
        ownedPoller.interrupt();
      }
      if (ownedDelivery != null) {
        ownedDelivery.shutdown();
      }
    }
  }

  /** One watch: its request, its listener's backlog, and the revision it has been fed up to. */
  private static final class Watch {
    final WatchRequest request;
    final WatchListener listener;
    final Serial delivery;
    final AtomicInteger backlog = new AtomicInteger();

    /** The revision fed up to; -1 before a list-first watch has listed. Poll loop only. */
    volatile long position;

    volatile boolean closed;
    volatile boolean expired;

    Watch(WatchRequest request, WatchListener listener, Serial delivery, long position) {
      this.request = request;
      this.listener = listener;
      this.delivery = delivery;
      this.position = position;
    }

    boolean done() {
      return closed || expired;
    }

    void offer(Change change) {
      if (done()) {
        return;
      }
      if (backlog.incrementAndGet() > request.backlog()) {
        expire(
            new ExpiredException(
                change.revision(),
                0,
                "the listener fell "
                    + request.backlog()
                    + " changes behind (at revision "
                    + change.revision()
                    + "); list again and watch from the list's revision"));
        return;
      }
      delivery.execute(
          () -> {
            backlog.decrementAndGet();
            if (!done()) {
              call(
                  () -> listener.onChange(change),
                  change.type() + " " + change.object().metadata().key());
            }
          });
    }

    void synced(long revision) {
      delivery.execute(
          () -> {
            if (!done()) {
              call(() -> listener.onSynced(revision), "synced at " + revision);
            }
          });
    }

    void expire(ExpiredException reason) {
      if (done()) {
        return;
      }
      expired = true;
      delivery.execute(
          () -> {
            if (!closed) {
              call(() -> listener.onExpired(reason), "expired");
            }
          });
    }

    void close() {
      closed = true;
    }

    private static void call(Runnable call, String what) {
      try {
        call.run();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "watch listener failed on " + what, e);
      }
    }
  }

  /** Runs tasks on another executor one at a time, in the order given. */
  static final class Serial implements Executor {
    private final Executor executor;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    Serial(Executor executor) {
      this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
      synchronized (queue) {
        queue.add(task);
        if (running) {
          return;
        }
        running = true;
      }
      executor.execute(this::drain);
    }

    private void drain() {
      while (true) {
        Runnable next;
        synchronized (queue) {
          next = queue.poll();
          if (next == null) {
            running = false;
            return;
          }
        }
        next.run();
      }
    }
  }
}
