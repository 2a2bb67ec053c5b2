package org.ipam4j.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.ipam4j.InvalidException.Violation;

/**
 * A Kubernetes {@code LabelSelector}: every {@code matchLabels} pair and every {@code
 * matchExpressions} requirement must hold. The empty selector matches everything.
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  private static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /** The empty selector, which matches every object. */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /** A selector of {@code matchLabels} only. */
  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  public LabelSelector and(Requirement requirement) {
    List<Requirement> all = new ArrayList<>(matchExpressions);
    all.add(requirement);
    return new LabelSelector(matchLabels, all);
  }

  /** Whether the selector is empty and so matches everything. */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /** Whether the labels satisfy every pair and every requirement. */
  public boolean matches(Map<String, String> labels) {
    Objects.requireNonNull(labels, "labels");
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (Requirement r : matchExpressions) {
      if (!r.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Every problem with this selector, as Kubernetes reports them, with field paths under {@code
   * path}: keys and values must be valid labels, {@code In}/{@code NotIn} need values and {@code
   * Exists}/{@code DoesNotExist} must have none.
   */
  public List<Violation> validate(String path) {
    List<Violation> out = new ArrayList<>();
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      Labels.checkKey(path + ".matchLabels", e.getKey(), out);
      Labels.checkValue(path + ".matchLabels[" + e.getKey() + "]", e.getValue(), out);
    }
    for (int i = 0; i < matchExpressions.size(); i++) {
      Requirement r = matchExpressions.get(i);
      String at = path + ".matchExpressions[" + i + "]";
      Labels.checkKey(at + ".key", r.key(), out);
      switch (r.operator()) {
        case In, NotIn -> {
          if (r.values().isEmpty()) {
            out.add(new Violation(at + ".values",
                "must be specified when operator is " + r.operator()));
          }
          for (int j = 0; j < r.values().size(); j++) {
            Labels.checkValue(at + ".values[" + j + "]", r.values().get(j), out);
          }
        }
        case Exists, DoesNotExist -> {
          if (!r.values().isEmpty()) {
            out.add(new Violation(at + ".values",
                "may not be specified when operator is " + r.operator()));
          }
        }
      }
    }
    return out;
  }

  /** kubectl's {@code -l} syntax for this selector, e.g. {@code tier=web,env in (a,b),!legacy}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(matchLabels).forEach((k, v) -> parts.add(k + "=" + v));
    for (Requirement r : matchExpressions) {
      parts.add(switch (r.operator()) {
        case In -> r.key() + " in (" + String.join(",", r.values()) + ")";
        case NotIn -> r.key() + " notin (" + String.join(",", r.values()) + ")";
        case Exists -> r.key();
        case DoesNotExist -> "!" + r.key();
      });
    }
    return String.join(",", parts);
  }
}
