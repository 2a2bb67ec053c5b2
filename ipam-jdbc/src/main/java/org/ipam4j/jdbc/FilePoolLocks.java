package org.ipam4j.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.ipam4j.StorageException;

/**
 * SQLite: a byte-range lock in a file beside the database (one byte per hash slot of the pool
 * key), taken under a JVM-wide lock because Java refuses overlapping file locks within one JVM.
 * A store opened on an SQLite DataSource has no file to lock and falls back to the JVM-wide lock.
 */
final class FilePoolLocks implements PoolLocks {

  private static final int SLOTS = 4096;
  private static final ConcurrentHashMap<String, ReentrantLock> JVM_LOCKS =
      new ConcurrentHashMap<>();

  private final Path lockFile;

  FilePoolLocks(Path lockFile) {
    this.lockFile = lockFile;
  }

  @Override
  public <T> T withPoolLock(String poolKey, Supplier<T> work) {
    int slot = Math.floorMod(poolKey.hashCode(), SLOTS);
    ReentrantLock jvmLock = JVM_LOCKS.computeIfAbsent(lockFile + "#" + slot,
        k -> new ReentrantLock(true));
    jvmLock.lock();
    try {
      if (lockFile == null) {
        return work.get();
      }
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
          StandardOpenOption.WRITE)) {
        FileLock held = channel.lock(slot, 1, false);
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
}
