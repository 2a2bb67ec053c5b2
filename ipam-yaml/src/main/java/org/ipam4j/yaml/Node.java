package org.ipam4j.yaml;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON value with where it was written, so that every error can name its line and column.
 * {@code weight} counts the nodes the value stands for once aliases are expanded.
 */
sealed interface Node permits Node.MapNode, Node.ListNode, Node.ScalarNode {

  int line();

  int column();

  long weight();

  /** A short description for "expected X, got Y" messages. */
  String describe();

  /** A mapping; keys keep their order and their own positions. */
  record MapNode(Map<String, Entry> entries, int line, int column, long weight) implements Node {
    public MapNode {
      entries = new LinkedHashMap<>(entries);
    }

    @Override
    public String describe() {
      return "an object";
    }
  }

  /** One key of a mapping, with the key's position. */
  record Entry(Node value, int keyLine, int keyColumn) {}

  record ListNode(List<Node> items, int line, int column, long weight) implements Node {
    public ListNode {
      items = List.copyOf(items);
    }

    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar: a string, number, boolean or null, as the YAML or JSON reader typed it. */
  record ScalarNode(Type type, String text, int line, int column) implements Node {

    enum Type {
      STRING,
      INTEGER,
      DECIMAL,
      BOOLEAN,
      NULL
    }

    @Override
    public long weight() {
      return 1;
    }

    @Override
    public String describe() {
      return switch (type) {
        case STRING -> "\"" + text + "\"";
        case NULL -> "null";
        default -> text;
      };
    }
  }
}
