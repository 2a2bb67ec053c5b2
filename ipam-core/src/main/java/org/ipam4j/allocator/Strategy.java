package org.ipam4j.allocator;

/** How a free block is chosen for a claim, spelled as the v1alpha1 API spells it. */
public enum Strategy {
  /** The lowest-address block that fits. The default. */
  FirstFit,
  /**
   * The smallest free block that fits, lowest address on ties: keeps large blocks whole for large
   * claims.
   */
  BestFit,
  /**
   * The emptiest part of the pool: the largest free block (the largest wholly empty subtree),
   * lowest address on ties, so consecutive claims land far apart and each has room to grow. (The
   * reference server treats this as FirstFit when a pool has one CIDR.)
   */
  LeastUtilized
}
