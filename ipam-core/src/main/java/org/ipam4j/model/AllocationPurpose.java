package org.ipam4j.model;

/** What an IPAllocation's block is for ({@code spec.purpose}, as the reference server has it). */
public enum AllocationPurpose {
  /**
   * Bound to an IPClaim; once the claim was deleted under {@code Retain}, {@code claimRef} is
   * cleared and the block is retained.
   */
  Claim,
  /** Held by its pool for {@code spec.reservations}: never handed to a claim. */
  Reservation,
  /** The block a child pool occupies in its parent; released when the child pool is deleted. */
  PoolCarve
}
