package org.ipam4j.yaml;

import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.ipam4j.InvalidException.Violation;
import org.ipam4j.internal.Spelling;
import org.ipam4j.yaml.Node.Entry;
import org.ipam4j.yaml.Node.ListNode;
import org.ipam4j.yaml.Node.MapNode;
import org.ipam4j.yaml.Node.ScalarNode;
import org.ipam4j.yaml.Schema.Field;
import org.jspecify.annotations.Nullable;

/**
 * Checks one object's tree against its {@link Schema}: unknown fields (unless lenient), types, enum
 * values and required fields, collecting every problem with its position and field path.
 */
final class Checker {

  private final String source;
  private final int document;
  private final boolean lenient;
  private final List<Violation> out;

  Checker(String source, int document, boolean lenient, List<Violation> out) {
    this.source = source;
    this.document = document;
    this.lenient = lenient;
    this.out = out;
  }

  void checkObject(MapNode node, Field schema, String path) {
    for (Map.Entry<String, Entry> e : node.entries().entrySet()) {
      String fieldPath = join(path, e.getKey());
      Entry entry = e.getValue();
      var field = schema.child(e.getKey());
      if (field.isEmpty()) {
        if (!lenient) {
          add(
              entry.keyLine(),
              entry.keyColumn(),
              fieldPath,
              "unknown field \"" + e.getKey() + "\"" + suggestion(schema, e.getKey()));
        }
        continue;
      }
      check(entry.value(), field.get(), fieldPath);
    }
    for (Field f : schema.children()) {
      if (f.required() && isAbsent(node.entries().get(f.name()))) {
        add(node.line(), node.column(), join(path, f.name()), "required");
      }
    }
  }

  private static boolean isAbsent(@Nullable Entry entry) {
    return entry == null
        || (entry.value() instanceof ScalarNode s && s.type() == ScalarNode.Type.NULL);
  }

  void check(Node value, Field field, String path) {
    if (value instanceof ScalarNode s && s.type() == ScalarNode.Type.NULL) {
      return;
    }
    switch (field.type()) {
      case OBJECT -> {
        if (value instanceof MapNode map) {
          checkObject(map, field, path);
        } else {
          mismatch(value, path, "an object");
        }
      }
      case LIST -> {
        if (value instanceof ListNode list) {
          for (int i = 0; i < list.items().size(); i++) {
            check(list.items().get(i), field.items().orElseThrow(), path + "[" + i + "]");
          }
        } else {
          mismatch(value, path, "a list");
        }
      }
      case STRING_MAP -> {
        if (value instanceof MapNode map) {
          for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
            Node v = e.getValue().value();
            if (!(v instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING)) {
              mismatch(v, path + "[" + e.getKey() + "]", "a string (quote it)");
            }
          }
        } else {
          mismatch(value, path, "a map of strings");
        }
      }
      case STRING -> {
        if (!(value instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING)) {
          mismatch(value, path, "a string");
        } else if (!field.enumValues().isEmpty() && !field.enumValues().contains(s.text())) {
          add(
              value.line(),
              value.column(),
              path,
              "\"" + s.text() + "\" is not one of " + String.join(", ", field.enumValues()));
        }
      }
      case INTEGER -> {
        if (value instanceof ScalarNode s
            && s.type() == ScalarNode.Type.INTEGER
            && leadingZero(s.text())) {
          add(
              value.line(),
              value.column(),
              path,
              s.text()
                  + " has a leading zero, which YAML"
                  + " 1.1 readers (Kubernetes among them) take as "
                  + yaml11(s.text())
                  + "; write the number without it");
        } else if (!(value instanceof ScalarNode s
            && s.type() == ScalarNode.Type.INTEGER
            && fitsInt(s.text()))) {
          mismatch(value, path, "an integer");
        }
      }
      case NUMBER -> {
        if (!(value instanceof ScalarNode s
            && (s.type() == ScalarNode.Type.INTEGER || s.type() == ScalarNode.Type.DECIMAL)
            && s.text().matches("[0-9]{1,3}(\\.[0-9]{1,10})?"))) {
          mismatch(value, path, "a number such as 0.3906");
        }
      }
      case QUANTITY, RESOURCE_VERSION -> {
        // Counts go up to 2^128 (39 digits); versions must fit a long (18 digits is safe).
        int digits = field.type() == Schema.Type.QUANTITY ? 39 : 18;
        if (!(value instanceof ScalarNode s
            && (s.type() == ScalarNode.Type.INTEGER || s.type() == ScalarNode.Type.STRING)
            && s.text().matches("[0-9]{1," + digits + "}"))) {
          mismatch(value, path, "a whole number of at most " + digits + " digits");
        }
      }
      case TIMESTAMP -> {
        if (!(value instanceof ScalarNode s
            && s.type() == ScalarNode.Type.STRING
            && isTimestamp(s.text()))) {
          mismatch(value, path, "an RFC 3339 timestamp");
        }
      }
    }
  }

  private void mismatch(Node value, String path, String expected) {
    add(value.line(), value.column(), path, "expected " + expected + ", got " + value.describe());
  }

  private void add(int line, int column, String path, String message) {
    out.add(new Violation(TreeReader.where(source, document, line, column), path, message));
  }

  /** The known field closest to a misspelt one, if it is within two edits. */
  private static String suggestion(Field schema, String unknown) {
    return Spelling.closest(unknown, schema.children().stream().map(Field::name).toList())
        .map(best -> "; did you mean \"" + best + "\"?")
        .orElse("");
  }

  /** {@code 030}, {@code -07}: digits after a leading zero, which readers disagree on. */
  static boolean leadingZero(String text) {
    return text.matches("[-+]?0[0-9]+");
  }

  /** What a YAML 1.1 reader makes of such a number: octal if its digits allow, else text. */
  private static String yaml11(String text) {
    String digits = text.replaceFirst("^[-+]", "");
    if (digits.matches("[0-7]+")) {
      return "octal " + (text.startsWith("-") ? "-" : "") + Long.parseLong(digits, 8);
    }
    return "the string \"" + text + "\"";
  }

  private static boolean fitsInt(String text) {
    try {
      new BigInteger(text).intValueExact();
      return true;
    } catch (ArithmeticException | NumberFormatException e) {
      return false;
    }
  }

  static boolean isTimestamp(String text) {
    try {
      OffsetDateTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }
}
