package org.ipam4j.engine;

import java.util.Objects;
import org.ipam4j.model.IpamObject;

/**
 * What an apply did: the object as stored (or, on a dry run, as it would be stored) and whether it
 * was created, changed or left alone, in kubectl's words.
 *
 * @param <T> the object's type
 * @param object the object as stored, or as it would be on a dry run
 * @param outcome whether it was created, changed or left alone
 */
public record Applied<T extends IpamObject>(T object, Outcome outcome) {

  /**
   * kubectl's three answers to an apply. Constants are spelled as every Java-only enum of ipam4j
   * is; {@link #toString()} is kubectl's word.
   */
  public enum Outcome {
    /** The object did not exist and was created. */
    CREATED,
    /** The object existed and was changed. */
    CONFIGURED,
    /** The object existed as asked and was left alone. */
    UNCHANGED;

    /** kubectl's word: {@code created}, {@code configured} or {@code unchanged}. */
    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Checks that no component is null.
   *
   * @param object the object as stored, or as it would be on a dry run
   * @param outcome whether it was created, changed or left alone
   */
  public Applied {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(outcome, "outcome");
  }
}
