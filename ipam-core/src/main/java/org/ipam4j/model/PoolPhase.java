package org.ipam4j.model;

/**
 * The lifecycle phase of an IPPool: {@code Ready} while it has free space, {@code Exhausted} when
 * none.
 */
public enum PoolPhase {
  /** The pool's status has not been computed yet: the phase of a pool just created. */
  Pending,
  /** The pool has free space. */
  Ready,
  /** The pool has no free address left. */
  Exhausted,
  /** The pool failed. Part of the API; ipam4j does not write it. */
  Error
}
