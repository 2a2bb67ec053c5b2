package org.ipam4j.selector;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code matchExpressions} entry: {@code key}, {@code operator}, {@code values}.
 *
 * @param values at least one for {@code In}/{@code NotIn}, none for {@code Exists}/{@code
 *     DoesNotExist} (checked by {@link LabelSelector#validate}, so that bad input is reported with
 *     its field path rather than thrown from here)
 */
public record Requirement(String key, Operator operator, List<String> values) {

  public Requirement {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(operator, "operator");
    values = List.copyOf(values);
  }

  public static Requirement in(String key, String... values) {
    return new Requirement(key, Operator.In, List.of(values));
  }

  public static Requirement notIn(String key, String... values) {
    return new Requirement(key, Operator.NotIn, List.of(values));
  }

  public static Requirement exists(String key) {
    return new Requirement(key, Operator.Exists, List.of());
  }

  public static Requirement doesNotExist(String key) {
    return new Requirement(key, Operator.DoesNotExist, List.of());
  }

  /** Whether a set of labels satisfies this requirement. */
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
