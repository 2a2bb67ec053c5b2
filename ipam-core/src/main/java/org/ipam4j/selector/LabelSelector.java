package org.ipam4j.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.ipam4j.InvalidException.Violation;
import org.ipam4j.internal.Labels;

/**
 * A Kubernetes {@code LabelSelector}: every {@code matchLabels} pair and every {@code
 * matchExpressions} requirement must hold. The empty selector matches everything.
 *
 * @param matchLabels labels that must be present, each with the value given
 * @param matchExpressions requirements that must all hold
 */
public record LabelSelector(Map<String, String> matchLabels, List<Requirement> matchExpressions) {

  private static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), List.of());

  /**
   * Copies both components.
   *
   * @param matchLabels labels that must be present, each with the value given
   * @param matchExpressions requirements that must all hold
   */
  public LabelSelector {
    matchLabels = Map.copyOf(matchLabels);
    matchExpressions = List.copyOf(matchExpressions);
  }

  /**
   * The empty selector, which matches every object.
   *
   * @return the selector with no labels and no expressions
   */
  public static LabelSelector everything() {
    return EVERYTHING;
  }

  /**
   * A selector of {@code matchLabels} only.
   *
   * @param matchLabels the labels that must be present
   * @return the selector
   */
  public static LabelSelector of(Map<String, String> matchLabels) {
    return new LabelSelector(matchLabels, List.of());
  }

  /**
   * This selector with one more requirement.
   *
   * @param requirement the requirement to add after the others
   * @return a new selector
   */
  public LabelSelector and(Requirement requirement) {
    List<Requirement> all = new ArrayList<>(matchExpressions);
    all.add(requirement);
    return new LabelSelector(matchLabels, all);
  }

  /**
   * Whether the selector is empty and so matches everything.
   *
   * @return true if it has no labels and no expressions
   */
  public boolean isEmpty() {
    return matchLabels.isEmpty() && matchExpressions.isEmpty();
  }

  /**
   * Whether the labels satisfy every pair and every requirement.
   *
   * @param labels an object's labels
   * @return true if the selector matches them
   */
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
   *
   * @param path the field path of the selector, e.g. {@code spec.poolSelector}
   * @return the problems; empty when the selector is valid
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
            out.add(
                new Violation(
                    at + ".values", "must be specified when operator is " + r.operator()));
          }
          for (int j = 0; j < r.values().size(); j++) {
            Labels.checkValue(at + ".values[" + j + "]", r.values().get(j), out);
          }
        }
        case Exists, DoesNotExist -> {
          if (!r.values().isEmpty()) {
            out.add(
                new Violation(
                    at + ".values", "may not be specified when operator is " + r.operator()));
          }
        }
      }
    }
    return out;
  }

  /**
   * Parses kubectl's {@code -l} syntax: comma-separated {@code key=value} (or {@code ==}), {@code
   * key!=value}, {@code key in (a,b)}, {@code key notin (a,b)}, {@code key} and {@code !key}.
   *
   * @param text the selector, e.g. {@code tier=web,env in (a,b)}
   * @return the selector, valid
   * @throws org.ipam4j.InvalidException (field {@code selector}) naming the part that is wrong
   */
  public static LabelSelector parse(String text) {
    java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
    List<Requirement> expressions = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      java.util.regex.Matcher set = SET.matcher(p);
      if (set.matches()) {
        List<String> values = new ArrayList<>();
        for (String v : set.group(3).split(",")) {
          values.add(v.trim());
        }
        expressions.add(
            new Requirement(
                set.group(1), set.group(2).equals("in") ? Operator.In : Operator.NotIn, values));
      } else if (p.contains("!=")) {
        int at = p.indexOf("!=");
        expressions.add(Requirement.notIn(p.substring(0, at).trim(), p.substring(at + 2).trim()));
      } else if (p.contains("=")) {
        int at = p.indexOf('=');
        String value = p.substring(p.startsWith("=", at + 1) ? at + 2 : at + 1).trim();
        labels.put(p.substring(0, at).trim(), value);
      } else if (p.startsWith("!")) {
        expressions.add(Requirement.doesNotExist(p.substring(1).trim()));
      } else if (p.matches("[A-Za-z0-9./_-]+")) {
        expressions.add(Requirement.exists(p));
      } else {
        throw new org.ipam4j.InvalidException(
            "selector", "cannot read \"" + p + "\" in \"" + text + "\"");
      }
    }
    LabelSelector selector = new LabelSelector(labels, expressions);
    List<Violation> problems = selector.validate("selector");
    if (!problems.isEmpty()) {
      throw new org.ipam4j.InvalidException(problems);
    }
    return selector;
  }

  private static final java.util.regex.Pattern SET =
      java.util.regex.Pattern.compile("([^\\s!=]+)\\s+(in|notin)\\s*\\(([^)]*)\\)");

  /** Splits on commas outside parentheses. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  /** kubectl's {@code -l} syntax for this selector, e.g. {@code tier=web,env in (a,b),!legacy}. */
  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    new TreeMap<>(matchLabels).forEach((k, v) -> parts.add(k + "=" + v));
    for (Requirement r : matchExpressions) {
      parts.add(
          switch (r.operator()) {
            case In -> r.key() + " in (" + String.join(",", r.values()) + ")";
            case NotIn -> r.key() + " notin (" + String.join(",", r.values()) + ")";
            case Exists -> r.key();
            case DoesNotExist -> "!" + r.key();
          });
    }
    return String.join(",", parts);
  }
}
