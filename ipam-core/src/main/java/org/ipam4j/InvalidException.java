package org.ipam4j;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Input is malformed or breaks a rule of the API (HTTP 400). Carries every problem found, each with
 * the path of the field at fault, so a user can fix them all in one pass.
 */
public final class InvalidException extends IpamException {

  private static final long serialVersionUID = 1L;

  /**
   * One problem: where it is (a source and position such as {@code pools.yaml: document 2, line 7,
   * col 5}, or empty), the field path ({@code spec.prefixLength}) and what is wrong with its value.
   *
   * @param where the source and position, or empty
   * @param field the path of the field at fault, or empty when the problem is the whole object
   * @param message what is wrong with the field's value
   * @serial exclude
   */
  public record Violation(String where, String field, String message)
      implements java.io.Serializable {
    /**
     * Checks that no component is null.
     *
     * @param where the source and position, or empty
     * @param field the path of the field at fault, or empty when the problem is the whole object
     * @param message what is wrong with the field's value
     */
    public Violation {
      Objects.requireNonNull(where, "where");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(message, "message");
    }

    /**
     * A problem with no position: objects built in Java rather than read from a file.
     *
     * @param field the path of the field at fault
     * @param message what is wrong with its value
     */
    public Violation(String field, String message) {
      this("", field, message);
    }

    /**
     * The same problem, placed at {@code newWhere}.
     *
     * @param newWhere the source and position
     * @return a new violation, otherwise the same
     */
    public Violation at(String newWhere) {
      return new Violation(newWhere, field, message);
    }

    @Override
    public String toString() {
      String what = field.isEmpty() ? message : field + ": " + message;
      return where.isEmpty() ? what : where + ": " + what;
    }
  }

  // List.copyOf's lists and Violation (a record of strings) serialize; javac 21+ cannot tell.
  /** Every problem found; never empty. */
  @SuppressWarnings("serial")
  private final List<Violation> violations;

  /**
   * One problem with one field.
   *
   * @param field the path of the field at fault, e.g. {@code spec.prefixLength}
   * @param message what is wrong with its value
   */
  public InvalidException(String field, String message) {
    this(List.of(new Violation(field, message)));
  }

  /**
   * Several problems at once.
   *
   * @param violations the problems, in the order the fields were checked
   * @throws IllegalArgumentException if {@code violations} is empty
   */
  public InvalidException(List<Violation> violations) {
    super(join(violations));
    this.violations = List.copyOf(violations);
  }

  private static String join(List<Violation> violations) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("an InvalidException needs at least one violation");
    }
    return violations.stream().map(Violation::toString).collect(Collectors.joining("; "));
  }

  /**
   * Every problem found, in the order the fields were checked.
   *
   * @return the problems; never empty
   */
  public List<Violation> violations() {
    return violations;
  }

  @Override
  public int statusCode() {
    return 400;
  }
}
