package org.ipam4j.jdbc;

import java.io.IOException;

/**
 * A separate process that stalls while holding a pool's lock, as one stopped with Ctrl-Z would: it
 * takes the lock of pool {@code args[1]/args[2]} on store {@code args[0]}, prints {@code HELD} and
 * keeps the lock until its standard input ends.
 */
public final class LockHolderWorker {

  private LockHolderWorker() {}

  public static void main(String[] args) {
    try (JdbcStore store = JdbcStore.open(args[0])) {
      store.withPoolLock(
          args[1],
          args[2],
          () -> {
            System.out.println("HELD");
            System.out.flush();
            try {
              while (System.in.read() >= 0) {
                // Stalled.
              }
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            return null;
          });
    }
  }
}
