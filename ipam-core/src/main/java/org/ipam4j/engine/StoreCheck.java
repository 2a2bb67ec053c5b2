package org.ipam4j.engine;

import java.util.List;
import java.util.Objects;

/**
 * What {@link IpamEngine#check()} found: every way the stored objects break the rules a store
 * keeps, each naming the objects involved. Empty when the store is consistent.
 *
 * @param findings one per problem, ordered as found (bad rows, then pool by pool, then claims)
 * @param pools how many pools were read
 * @param claims how many claims were read
 * @param allocations how many allocations were read
 */
public record StoreCheck(List<Finding> findings, int pools, int claims, int allocations) {

  /**
   * Copies {@code findings}.
   *
   * @param findings one per problem, ordered as found (bad rows, then pool by pool, then claims)
   * @param pools how many pools were read
   * @param claims how many claims were read
   * @param allocations how many allocations were read
   */
  public StoreCheck {
    findings = List.copyOf(findings);
  }

  /**
   * Whether nothing was found.
   *
   * @return true if there are no findings
   */
  public boolean isClean() {
    return findings.isEmpty();
  }

  /** What kind of problem a finding is. */
  public enum Problem {
    /** A row does not read back as its object, or its columns disagree with its body. */
    UNREADABLE,
    /** Two blocks of one pool, or two root pools of one project, overlap. */
    OVERLAP,
    /** An allocation's block is not inside its pool. */
    OUTSIDE_POOL,
    /** An allocation whose pool, claim or child pool does not exist or does not hold it. */
    ORPHANED_ALLOCATION,
    /** A bound claim whose allocation does not exist. */
    MISSING_ALLOCATION,
    /** A status that disagrees with the allocations: a claim's block, a pool's capacity. */
    STATUS_DISAGREES
  }

  /**
   * One problem.
   *
   * @param problem its kind
   * @param message one line (line breaks become spaces) naming the objects ({@code IPAllocation
   *     team-a/alloc-1f...}) and what is wrong
   */
  public record Finding(Problem problem, String message) {
    /**
     * Checks that no component is null, and puts the message on one line.
     *
     * @param problem its kind
     * @param message one line (line breaks become spaces) naming the objects ({@code IPAllocation
     *     team-a/alloc-1f...}) and what is wrong
     */
    public Finding {
      Objects.requireNonNull(problem, "problem");
      Objects.requireNonNull(message, "message");
      message = message.replaceAll("\\s*\\R\\s*", " ");
    }

    @Override
    public String toString() {
      return problem + ": " + message;
    }
  }
}
