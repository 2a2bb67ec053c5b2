package org.ipam4j.jdbc;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.ipam4j.model.IpamObject;
import org.jspecify.annotations.Nullable;

/**
 * The stored JSON of a commit's objects. A large commit's bodies are encoded ahead of the thread
 * writing them, in chunks, by an asynchronous task (on the store's executor if it was given one,
 * else {@link CompletableFuture#runAsync}'s: the common pool, or a thread of its own on a machine
 * of two cores or fewer), so that encoding runs beside the database's work instead of before it;
 * the writing thread encodes any chunk the helper has not started yet itself, so it never waits on
 * a busy pool. A small commit is encoded in place.
 */
final class Bodies implements AutoCloseable {

  /** Fewer objects than this are encoded by the writing thread alone. */
  static final int AHEAD_FROM = 256;

  private static final int CHUNK = 64;
  private static final int FREE = 0;
  private static final int BUSY = 1;
  private static final int DONE = 2;

  private final List<IpamObject> objects;
  private final long revision;
  private final String[] bodies;
  private final AtomicIntegerArray state;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * {@code revision}: the commit's, which each of its rows states as its version. {@code helper}:
   * where the encoding ahead runs; null for {@link CompletableFuture}'s default.
   */
  Bodies(List<IpamObject> objects, long revision, java.util.concurrent.@Nullable Executor helper) {
    this.objects = objects;
    this.revision = revision;
    this.bodies = new String[objects.size()];
    this.state = new AtomicIntegerArray((objects.size() + CHUNK - 1) / CHUNK);
    if (objects.size() >= AHEAD_FROM) {
      try {
        if (helper == null) {
          CompletableFuture.runAsync(this::encodeAhead);
        } else {
          helper.execute(this::encodeAhead);
        }
      } catch (java.util.concurrent.RejectedExecutionException busy) {
        // The writing thread encodes every chunk itself.
      }
    }
  }

  /** The JSON of the {@code i}-th object. */
  String body(int i) {
    int chunk = i / CHUNK;
    if (state.get(chunk) != DONE) {
      if (state.compareAndSet(chunk, FREE, BUSY)) {
        encode(chunk);
      } else {
        while (state.get(chunk) != DONE) {
          LockSupport.parkNanos(20_000);
        }
      }
    }
    String body = bodies[i];
    // Null only if the helper failed: encoding here again reports why.
    return body != null ? body : RowCodec.encode(objects.get(i), revision);
  }

  private void encodeAhead() {
    for (int chunk = 0; chunk < state.length() && !closed.get(); chunk++) {
      if (state.compareAndSet(chunk, FREE, BUSY)) {
        encode(chunk);
      }
    }
  }

  private void encode(int chunk) {
    int end = Math.min(bodies.length, (chunk + 1) * CHUNK);
    try {
      for (int i = chunk * CHUNK; i < end; i++) {
        bodies[i] = RowCodec.encode(objects.get(i), revision);
      }
    } finally {
      // The volatile write publishes the bodies to the writing thread.
      state.set(chunk, DONE);
    }
  }

  /** Stops the helper early when the commit ends before using every body. */
  @Override
  public void close() {
    closed.set(true);
  }
}
