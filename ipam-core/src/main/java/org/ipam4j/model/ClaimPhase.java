package org.ipam4j.model;

/** The lifecycle phase of an IPClaim. */
public enum ClaimPhase {
  /** The claim waits for a block: no pool matches, or none has room. Its conditions say which. */
  Pending,
  /** The claim holds the block in {@code status.allocatedCIDR}. */
  Bound,
  /**
   * The claim is being deleted. Part of the API; ipam4j releases the block in the commit that
   * deletes the claim, so it never stores this phase.
   */
  Releasing,
  /**
   * The claim failed. Part of the API; ipam4j keeps a claim it cannot serve {@link #Pending}, with
   * a condition saying why, so that it binds once the cause is gone.
   */
  Error
}
