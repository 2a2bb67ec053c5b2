package org.ipam4j;

/**
 * A store refused a commit because what its writer read no longer holds: an object is at another
 * version than read (or exists where it was to be created, or is gone where it was to be replaced),
 * or the commit would break a rule the store guarantees whoever writes (two root pools of a project
 * overlapping, two blocks of a pool overlapping). Nothing was written (HTTP 409).
 *
 * <p>The engine re-reads and decides again, which either succeeds or ends in an error that names
 * what the writer collided with; a caller of a store directly should do the same.
 */
public final class StaleWriteException extends IpamException {

  private static final long serialVersionUID = 1L;

  /** Not serialized (a Set is not declared serializable): empty once deserialized. */
  private final transient java.util.Set<String> blocksRefusedIn;

  /**
   * A refusal of any stale write but overlapping blocks.
   *
   * @param message what no longer holds, as a user reads it
   */
  public StaleWriteException(String message) {
    this(message, java.util.Set.of());
  }

  private StaleWriteException(String message, java.util.Set<String> blocksRefusedIn) {
    super(message);
    this.blocksRefusedIn = java.util.Set.copyOf(blocksRefusedIn);
  }

  /**
   * The store's refusal of a block that overlaps one it holds in one of {@code poolKeys} ({@code
   * project/name}, the pools whose allocations the commit wrote). The writer's view of those pools
   * may lack a block (one written behind its back): it must read them afresh.
   *
   * @param poolKeys the pools whose blocks the commit wrote
   * @param message what overlapped, as a user reads it
   * @return the exception
   */
  public static StaleWriteException blocksOverlap(java.util.Set<String> poolKeys, String message) {
    return new StaleWriteException(message, poolKeys);
  }

  /**
   * The pools ({@code project/name}) a refusal of overlapping blocks names: empty for any other
   * stale write.
   *
   * @return the pools' keys
   */
  public java.util.Set<String> blocksRefusedIn() {
    return blocksRefusedIn == null ? java.util.Set.of() : blocksRefusedIn;
  }

  /**
   * The store's refusal of a root pool that overlaps another of its project.
   *
   * @param project the project of both pools
   * @param name the pool refused
   * @param block its block
   * @param other the name of the root pool it overlaps
   * @return the exception
   */
  public static StaleWriteException rootPoolsOverlap(
      String project, String name, org.ipam4j.net.Cidr block, String other) {
    return new StaleWriteException(
        "IPPool "
            + project
            + "/"
            + name
            + " ("
            + block
            + ") overlaps"
            + " root IPPool "
            + other
            + " of project "
            + project
            + "; root pools of a project never"
            + " overlap");
  }

  @Override
  public int statusCode() {
    return 409;
  }
}
