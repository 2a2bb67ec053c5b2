package org.ipam4j.model;

/** The lifecycle phase of an IPAllocation. */
public enum AllocationPhase {
  Pending,
  Ready,
  Exhausted,
  Error
}
