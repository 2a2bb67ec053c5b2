package org.ipam4j.model;

/**
 * The lifecycle phase of an IPAllocation. ipam4j writes an allocation only once its block is taken,
 * so every stored allocation is {@link #Ready}; the other phases are part of the API and are
 * accepted when read.
 */
public enum AllocationPhase {
  /** The allocation's block is not yet assigned. */
  Pending,
  /** The allocation holds its block. */
  Ready,
  /** The pool had no block of the size asked for. */
  Exhausted,
  /** The allocation failed. */
  Error
}
