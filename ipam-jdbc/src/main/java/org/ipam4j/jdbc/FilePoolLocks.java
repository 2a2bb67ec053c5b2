package org.ipam4j.jdbc;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.ipam4j.LockTimeoutException;
import org.ipam4j.StorageException;
import org.jspecify.annotations.Nullable;

/**
 * SQLite: a byte-range lock in a file beside the database (one byte per hash slot of the pool key),
 * taken under a JVM-wide lock because Java refuses overlapping file locks within one JVM. A store
 * opened on an SQLite DataSource has no file to lock and falls back to the JVM-wide lock.
 *
 * <p>Both waits are bounded by the store's lock timeout. The file lock is asked for blocking, so
 * that the kernel hands it on as soon as it is free; an alarm closes the channel at the deadline,
 * which ends the wait.
 */
final class FilePoolLocks implements PoolLocks {

  private static final int SLOTS = 4096;
  private static final ConcurrentHashMap<String, ReentrantLock> JVM_LOCKS =
      new ConcurrentHashMap<>();
  private static final int WAITING = 0;
  private static final int HELD = 1;
  private static final int TIMED_OUT = 2;

  private final @Nullable Path lockFile;
  private final Duration timeout;

  FilePoolLocks(@Nullable Path lockFile, Duration timeout) {
    this.lockFile = lockFile;
    this.timeout = timeout;
  }

  @Override
  public <T> T withPoolLock(String poolKey, Supplier<T> work) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int slot = Math.floorMod(poolKey.hashCode(), SLOTS);
    ReentrantLock jvmLock =
        JVM_LOCKS.computeIfAbsent(lockFile + "#" + slot, k -> new ReentrantLock(true));
    try {
      if (!jvmLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new LockTimeoutException("IPPool " + poolKey, timeout);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("interrupted while waiting for the lock of IPPool " + poolKey, e);
    }
    try {
      if (lockFile == null) {
        return work.get();
      }
      try (FileChannel channel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        FileLock held = lockBefore(channel, slot, deadline, poolKey);
        try {
          return work.get();
        } finally {
          held.release();
        }
      } catch (IOException e) {
        throw new StorageException("cannot lock pool " + poolKey + " in " + lockFile, e);
      }
    } finally {
      jvmLock.unlock();
    }
  }

  private FileLock lockBefore(FileChannel channel, int slot, long deadline, String poolKey)
      throws IOException {
    FileLock free = channel.tryLock(slot, 1, false);
    if (free != null) {
      return free;
    }
    AtomicInteger state = new AtomicInteger(WAITING);
    ScheduledFuture<?> alarm =
        Alarm.TIMER.schedule(
            () -> {
              if (state.compareAndSet(WAITING, TIMED_OUT)) {
                try {
                  channel.close();
                } catch (IOException ignored) {
                  // The waiter sees the channel closed either way.
                }
              }
            },
            Math.max(0, deadline - System.nanoTime()),
            TimeUnit.NANOSECONDS);
    try {
      FileLock held = channel.lock(slot, 1, false);
      if (state.compareAndSet(WAITING, HELD)) {
        return held;
      }
    } catch (AsynchronousCloseException e) {
      if (state.get() != TIMED_OUT) {
        throw e;
      }
    } finally {
      alarm.cancel(false);
    }
    // The alarm closed the channel, which let go of anything it had.
    throw new LockTimeoutException("IPPool " + poolKey, timeout);
  }

  /** One daemon thread for every store's deadlines, started on the first wait. */
  private static final class Alarm {
    static final ScheduledThreadPoolExecutor TIMER = timer();

    private static ScheduledThreadPoolExecutor timer() {
      ScheduledThreadPoolExecutor timer =
          new ScheduledThreadPoolExecutor(
              1,
              r -> {
                Thread t = new Thread(r, "ipam4j-lock-timeout");
                t.setDaemon(true);
                return t;
              });
      timer.setRemoveOnCancelPolicy(true);
      return timer;
    }
  }
}
