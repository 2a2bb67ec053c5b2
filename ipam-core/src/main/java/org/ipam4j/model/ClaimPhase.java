package org.ipam4j.model;

/** The lifecycle phase of an IPClaim. */
public enum ClaimPhase {
  Pending,
  Bound,
  Releasing,
  Error
}
