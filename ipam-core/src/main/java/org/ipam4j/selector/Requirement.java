package org.ipam4j.selector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code matchExpressions} entry: {@code key}, {@code operator}, {@code values}.
 *
 * @param key the label key
 * @param operator how the label's value is tested
 * @param values at least one for {@code In}/{@code NotIn}, none for {@code Exists}/{@code
 *     DoesNotExist} (checked by {@link LabelSelector#validate}, so that bad input is reported with
 *     its field path rather than thrown from here)
 */
public record Requirement(String key, Operator operator, List<String> values) {

  /**
   * Checks that no component is null, and copies {@code values}.
   *
   * @param key the label key
   * @param operator how the label's value is tested
   * @param values at least one for {@code In}/{@code NotIn}, none for {@code Exists}/{@code
   *     DoesNotExist} (checked by {@link LabelSelector#validate}, so that bad input is reported
   *     with its field path rather than thrown from here)
   */
  public Requirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  /**
   * The label is present with one of the values.
   *
   * @param key the label key
   * @param values the values allowed
   * @return the requirement
   */
  public static Requirement in(String key, String... values) {
    return new Requirement(key, Operator.In, List.of(values));
  }

  /**
   * The label is absent, or present with none of the values.
   *
   * @param key the label key
   * @param values the values refused
   * @return the requirement
   */
  public static Requirement notIn(String key, String... values) {
    return new Requirement(key, Operator.NotIn, List.of(values));
  }

  /**
   * The label is present, with any value.
   *
   * @param key the label key
   * @return the requirement
   */
  public static Requirement exists(String key) {
    return new Requirement(key, Operator.Exists, List.of());
  }

  /**
   * The label is absent.
   *
   * @param key the label key
   * @return the requirement
   */
  public static Requirement doesNotExist(String key) {
    return new Requirement(key, Operator.DoesNotExist, List.of());
  }

  /**
   * Whether a set of labels satisfies this requirement.
   *
   * @param labels an object's labels
   * @return true if the requirement holds
   */
  public boolean matches(Map<String, String> labels) {
    String value = labels.get(key);
    return switch (operator) {
      case In -> value != null && values.contains(value);
      case NotIn -> value == null || !values.contains(value);
      case Exists -> value != null;
      case DoesNotExist -> value == null;
    };
  }
}
