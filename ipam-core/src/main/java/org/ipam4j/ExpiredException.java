package org.ipam4j;

/**
 * A watch asked for changes the store no longer keeps, or fell further behind than its backlog
 * allows: Kubernetes' {@code 410 Gone}. Nothing is lost in the store; the watcher must list again
 * and watch from the list's revision.
 *
 * @since 0.1
 */
public final class ExpiredException extends IpamException {

  private static final long serialVersionUID = 1L;

  /** The revision the watch wanted to resume after. */
  private final long requested;

  /** The oldest revision whose changes the store still kept. */
  private final long oldestKept;

  /**
   * A watch that cannot resume.
   *
   * @param requested the revision the watch wanted to resume after
   * @param oldestKept the oldest revision whose changes the store still keeps
   * @param message why, as a user reads it
   */
  public ExpiredException(long requested, long oldestKept, String message) {
    super(message);
    this.requested = requested;
    this.oldestKept = oldestKept;
  }

  /**
   * A resume point older than the store keeps.
   *
   * @param requested the revision the watch wanted to resume after
   * @param oldestKept the oldest revision whose changes the store still keeps
   * @return the exception
   */
  public static ExpiredException pruned(long requested, long oldestKept) {
    return new ExpiredException(
        requested,
        oldestKept,
        "revision "
            + requested
            + " is too old: the store keeps changes from revision "
            + oldestKept
            + " on; list again and watch from the list's revision");
  }

  /**
   * The revision the watch wanted to resume after.
   *
   * @return the revision
   */
  public long requested() {
    return requested;
  }

  /**
   * The oldest revision whose changes the store still kept when this was raised.
   *
   * @return the revision
   */
  public long oldestKept() {
    return oldestKept;
  }

  @Override
  public int statusCode() {
    return 410;
  }
}
