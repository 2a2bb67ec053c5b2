package org.ipam4j.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Runs a body on several threads released at once, and collects what they threw. */
public final class Concurrently {

  private Concurrently() {}

  /**
   * Runs {@code body} with thread indexes 0..threads-1, all starting together, and waits up to
   * {@code minutes} for them.
   *
   * @return every exception the bodies threw (the caller decides which were expected)
   */
  public static List<Throwable> run(int threads, int minutes, IntConsumer body) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Throwable> thrown = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int index = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  body.accept(index);
                } catch (RuntimeException | Error e) {
                  thrown.add(e);
                }
                return null;
              }));
    }
    start.countDown();
    try {
      for (Future<?> f : futures) {
        f.get(minutes, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }
    return new ArrayList<>(thrown);
  }
}
