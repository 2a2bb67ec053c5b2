package org.ipam4j.store;

import java.time.Duration;
import java.util.Objects;
import org.ipam4j.InvalidException;

/**
 * How long a store keeps its change log, for watches that resume from a revision: a commit's
 * changes are dropped once they are older than {@code age}, or more than {@code revisions} commits
 * back, whichever comes first. A watch that would resume from a dropped revision is told it
 * expired.
 *
 * @param age the longest a commit's changes are kept
 * @param revisions the most commits kept
 * @since 0.1
 */
public record ChangeRetention(Duration age, long revisions) {

  /** The in-memory store's default: the last 10,000 commits, at most an hour old. */
  public static final ChangeRetention IN_MEMORY = new ChangeRetention(Duration.ofHours(1), 10_000);

  /** A database store's default: the last 100,000 commits, at most an hour old. */
  public static final ChangeRetention DATABASE = new ChangeRetention(Duration.ofHours(1), 100_000);

  /**
   * Checks the bounds. *
   *
   * @param age the longest a commit's changes are kept
   * @param revisions the most commits kept
   * @throws InvalidException if either is not positive
   */
  public ChangeRetention {
    Objects.requireNonNull(age, "age");
    if (age.isNegative() || age.isZero()) {
      throw new InvalidException("changeRetention.age", "\"" + age + "\" must be positive");
    }
    if (revisions <= 0) {
      throw new InvalidException("changeRetention.revisions", revisions + " must be positive");
    }
  }

  /**
   * Whether a commit is past keeping.
   *
   * @param revision the commit's revision
   * @param committedAtMillis when it was committed, in milliseconds since the epoch
   * @param latest the store's latest revision
   * @param nowMillis the time now, in milliseconds since the epoch
   * @return true if it may be dropped
   */
  public boolean expired(long revision, long committedAtMillis, long latest, long nowMillis) {
    return latest - revision >= revisions || nowMillis - committedAtMillis > age.toMillis();
  }
}
