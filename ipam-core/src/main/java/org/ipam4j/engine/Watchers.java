package org.ipam4j.engine;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.ipam4j.store.Change;
import org.ipam4j.store.Subscription;
import org.jspecify.annotations.Nullable;

/**
 * The engine's watch listeners, told of each commit in commit order, one commit after another: on
 * the host's executor when the engine was given one (its tasks run one at a time, whatever the
 * executor's threads), else on a daemon thread of their own, started by the first watch.
 */
final class Watchers {

  private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
  private final @Nullable Executor host;
  private volatile @Nullable Executor dispatcher;
  private @Nullable ExecutorService owned;

  /** {@code host}: the host's executor, or null for a thread of this engine's own. */
  Watchers(@Nullable Executor host) {
    this.host = host;
  }

  Subscription add(Consumer<Change> listener) {
    synchronized (listeners) {
      if (dispatcher == null) {
        if (host != null) {
          dispatcher = new Serial(host);
        } else {
          owned =
              Executors.newSingleThreadExecutor(
                  r -> {
                    Thread t = new Thread(r, "ipam4j-watch");
                    t.setDaemon(true);
                    return t;
                  });
          dispatcher = owned;
        }
      }
      listeners.add(listener);
    }
    return () -> listeners.remove(listener);
  }

  /** Called by the store on the committing thread; hands the changes to the dispatcher. */
  void dispatch(List<Change> changes) {
    Executor executor = dispatcher;
    if (executor == null || listeners.isEmpty()) {
      return;
    }
    executor.execute(
        () -> {
          for (Change change : changes) {
            for (Consumer<Change> listener : listeners) {
              try {
                listener.accept(change);
              } catch (RuntimeException e) {
                System.getLogger(IpamEngine.class.getName())
                    .log(
                        System.Logger.Level.WARNING,
                        "watch listener failed on "
                            + change.type()
                            + " "
                            + change.object().metadata().key(),
                        e);
              }
            }
          }
        });
  }

  void close() {
    synchronized (listeners) {
      if (owned != null) {
        owned.shutdown();
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
