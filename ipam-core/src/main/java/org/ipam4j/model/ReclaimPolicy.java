package org.ipam4j.model;

/** What happens to a claim's block when the claim is deleted. */
public enum ReclaimPolicy {
  /** The block returns to its pool when the claim is deleted: the default. */
  Delete,
  /** The block stays allocated, held by the claim's IPAllocation, after the claim is deleted. */
  Retain
}
