package org.ipam4j;

/**
 * A store refused a commit because what its writer read no longer holds: an object is at another
 * version than read (or exists where it was to be created, or is gone where it was to be
 * replaced), or the commit would break a rule the store guarantees whoever writes (two root pools
 * of a project overlapping, two blocks of a pool overlapping). Nothing was written (HTTP 409).
 *
 * <p>The engine re-reads and decides again, which either succeeds or ends in an error that names
 * what the writer collided with; a caller of a store directly should do the same.
 */
public final class StaleWriteException extends IpamException {

  private static final long serialVersionUID = 1L;

  public StaleWriteException(String message) {
    super(message);
  }

  /** The store's refusal of a root pool that overlaps another of its project. */
  public static StaleWriteException rootPoolsOverlap(String project, String name,
      org.ipam4j.net.Cidr block, String other) {
    return new StaleWriteException("IPPool " + project + "/" + name + " (" + block + ") overlaps"
        + " root IPPool " + other + " of project " + project + "; root pools of a project never"
        + " overlap");
  }

  @Override
  public int statusCode() {
    return 409;
  }
}
