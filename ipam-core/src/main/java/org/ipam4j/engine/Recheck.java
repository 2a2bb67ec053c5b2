package org.ipam4j.engine;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The periodic re-check of waiting claims. Its task holds the engine's queue only weakly, so an
 * engine that is dropped without being closed is not kept alive by its schedule: the task then
 * cancels itself.
 */
final class Recheck {

  private static volatile @Nullable ScheduledExecutorService shared;

  private Recheck() {}

  /** One daemon thread for every engine of the JVM that was given no scheduler of its own. */
  static ScheduledExecutorService shared() {
    ScheduledExecutorService s = shared;
    if (s == null) {
      synchronized (Recheck.class) {
        if (shared == null) {
          shared =
              Executors.newSingleThreadScheduledExecutor(
                  r -> {
                    Thread t = new Thread(r, "ipam4j-recheck");
                    t.setDaemon(true);
                    return t;
                  });
        }
        s = shared;
      }
    }
    return s;
  }

  static ScheduledFuture<?> schedule(
      Waiters waiters, ScheduledExecutorService scheduler, Duration every) {
    WeakReference<Waiters> queue = new WeakReference<>(waiters);
    CompletableFuture<ScheduledFuture<?>> self = new CompletableFuture<>();
    ScheduledFuture<?> task =
        scheduler.scheduleWithFixedDelay(
            () -> {
              Waiters w = queue.get();
              if (w == null) {
                self.thenAccept(f -> f.cancel(false));
              } else {
                w.recheck();
              }
            },
            every.toNanos(),
            every.toNanos(),
            TimeUnit.NANOSECONDS);
    self.complete(task);
    return task;
  }
}
