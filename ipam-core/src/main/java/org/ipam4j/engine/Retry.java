package org.ipam4j.engine;

import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.ipam4j.ConflictException;
import org.ipam4j.StaleWriteException;
import org.ipam4j.StorageException;

/** Runs an optimistic operation again while it loses races to other writers, within a budget. */
final class Retry {

  private static final long BUDGET_NANOS = 30_000_000_000L;

  private Retry() {}

  /**
   * A store that refused overlapping blocks in a pool holds a block this engine's tree lacks (one
   * written behind its back, at a version it had read past): the next attempt reads the pool
   * afresh. Refused again after that, the store holds a block its reads do not show: stored data is
   * corrupt, and retrying cannot help.
   *
   * @throws StorageException naming the pool, on the second refusal
   */
  private static void readAfresh(StaleWriteException e, PoolIndexes indexes, Set<String> done) {
    for (String pool : e.blocksRefusedIn()) {
      if (!done.add(pool)) {
        throw new StorageException(
            "the store refuses a block in IPPool "
                + pool
                + " as"
                + " overlapping one it holds, yet a fresh read of the pool's allocations shows none"
                + " there: a row of ipam_objects is inconsistent (run ipamctl check); "
                + e.getMessage());
      }
      indexes.readAfresh(pool);
    }
  }

  /**
   * Between attempts it waits a random while of at most a millisecond: long enough that contenders
   * stop colliding in step, short enough that a loser is not starved by winners that retry at once
   * (a growing backoff starved one of four engines sharing a pool on PostgreSQL).
   *
   * @throws ConflictException once the budget is spent, naming {@code what} and the last race
   */
  static <T> T run(String what, PoolIndexes indexes, Supplier<T> attempt) {
    return run(() -> what, indexes, attempt);
  }

  /**
   * As {@link #run(String, PoolIndexes, Supplier)}, with {@code what} made only if it is needed:
   * the single-claim paths, where a first attempt that succeeds should cost nothing more.
   */
  static <T> T run(Supplier<String> what, PoolIndexes indexes, Supplier<T> attempt) {
    StaleWriteException last = null;
    long deadline = System.nanoTime() + BUDGET_NANOS;
    int attempts = 0;
    java.util.Set<String> readAfresh = null;
    do {
      try {
        return attempt.get();
      } catch (StaleWriteException e) {
        if (readAfresh == null) {
          readAfresh = new java.util.HashSet<>();
        }
        readAfresh(e, indexes, readAfresh);
        last = e;
        attempts++;
        if (attempts > 2) {
          long ceilingMicros = 1L << Math.min(attempts, 10);
          LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(ceilingMicros) * 1000);
        }
      }
    } while (System.nanoTime() < deadline);
    throw new ConflictException(
        what.get()
            + " kept changing under concurrent writers; gave up after "
            + attempts
            + " attempts in "
            + BUDGET_NANOS / 1_000_000_000
            + " s (last: "
            + last.getMessage()
            + ")");
  }
}
