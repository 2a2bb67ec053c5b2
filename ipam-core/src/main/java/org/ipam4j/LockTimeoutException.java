package org.ipam4j;

import java.time.Duration;

/**
 * A lock that a write needs was not had within the store's lock timeout: another writer holds it (a
 * process stopped with Ctrl-Z, partitioned from the database, or in a very long change). Nothing
 * was changed, and trying again later is safe (HTTP 503).
 *
 * <p>Unlike a {@link StaleWriteException}, the engine does not retry this itself: waiting longer is
 * the caller's decision.
 */
public final class LockTimeoutException extends IpamException {

  private static final long serialVersionUID = 1L;

  /** What was waited for, as a user knows it. */
  private final String lock;

  /**
   * A lock not had in time.
   *
   * @param lock what was waited for, as a user knows it ({@code IPPool team-a/pool}, or {@code the
   *     write lock of /var/lib/ipam.db})
   * @param waited how long
   */
  public LockTimeoutException(String lock, Duration waited) {
    this(
        lock,
        "waited "
            + seconds(waited)
            + " for "
            + lock
            + ", which another writer holds (a"
            + " stopped or partitioned process?); nothing was changed; try again later, or raise the"
            + " store's lock timeout");
  }

  LockTimeoutException(String lock, String message) {
    super(message);
    this.lock = lock;
  }

  /**
   * What was waited for.
   *
   * @return {@code IPPool team-a/pool}, or the database's write lock
   */
  public String lock() {
    return lock;
  }

  private static String seconds(Duration d) {
    long millis = d.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  @Override
  public int statusCode() {
    return 503;
  }
}
