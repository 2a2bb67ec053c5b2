package org.ipam4j.model;

/**
 * The lifecycle phase of an IPPool: {@code Ready} while it has free space, {@code Exhausted} when
 * none.
 */
public enum PoolPhase {
  Pending,
  Ready,
  Exhausted,
  Error
}
