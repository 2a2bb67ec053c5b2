package org.ipam4j.yaml;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ipam4j.InvalidException;
import org.ipam4j.InvalidException.Violation;
import org.ipam4j.yaml.Node.Entry;
import org.ipam4j.yaml.Node.ListNode;
import org.ipam4j.yaml.Node.MapNode;
import org.ipam4j.yaml.Node.ScalarNode;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML or JSON stream into located {@link Node} trees, one per document, within the limits:
 * input size, nesting depth, and the number of nodes a document stands for once its aliases are
 * expanded. Aliases are shared, never copied, so a "billion laughs" document is refused by
 * counting, before it can take memory.
 */
final class TreeReader {

  /** A document and its 1-based number in the stream. */
  record Document(int number, Node root) {}

  private final Limits limits;
  private final YAMLFactory factory;
  private final JsonFactory json;

  TreeReader(Limits limits) {
    this.limits = limits;
    LoaderOptions loader = new LoaderOptions();
    loader.setCodePointLimit(limits.maxInputChars());
    this.factory =
        new AnchoredYaml(
            YAMLFactory.builder()
                .loaderOptions(loader)
                .streamReadConstraints(
                    StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxDepth() + 2)
                        .maxStringLength(limits.maxInputChars())
                        .build()));
    this.json =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(limits.maxDepth() + 2)
                    .maxStringLength(limits.maxInputChars())
                    .build())
            .build();
  }

  /**
   * JSON is YAML, but SnakeYAML refuses characters JSON allows raw (C1 controls, say), so text that
   * starts as JSON is read by Jackson's JSON parser, which gives the same tokens and positions.
   */
  private JsonParser parserFor(String text) throws IOException {
    String start = text.stripLeading();
    boolean looksLikeJson = start.startsWith("{") || start.startsWith("[");
    return looksLikeJson ? json.createParser(text) : factory.createParser(text);
  }

  List<Document> read(String source, String text) {
    if (text.length() > limits.maxInputChars()) {
      throw new InvalidException(
          List.of(
              new Violation(
                  source,
                  "",
                  "input is "
                      + text.length()
                      + " characters, more than the limit of "
                      + limits.maxInputChars())));
    }
    refuseLoneSurrogates(source, text);
    List<Document> documents = new ArrayList<>();
    int number = 0;
    try (JsonParser parser = parserFor(text)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        number++;
        DocumentState state = new DocumentState(source, number);
        Node root = value(parser, token, 0, state);
        // An empty document ("---" then nothing) reads as null or as an empty string.
        boolean empty =
            root instanceof ScalarNode s
                && (s.type() == ScalarNode.Type.NULL
                    || (s.type() == ScalarNode.Type.STRING && s.text().isEmpty()));
        if (!empty) {
          documents.add(new Document(number, root));
        }
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null
              ? source
              : TreeReader.where(source, Math.max(number, 1), at.getLineNr(), at.getColumnNr());
      throw new InvalidException(
          List.of(
              new Violation(where, "", "not valid YAML: " + firstLine(e.getOriginalMessage()))));
    } catch (IOException e) {
      throw new InvalidException(
          List.of(new Violation(source, "", "cannot read: " + e.getMessage())));
    } catch (InvalidException e) {
      throw e;
    } catch (RuntimeException e) {
      // The YAML library has its own bugs (the fuzz property found an index out of bounds in
      // its escape handling): whatever it throws, the caller gets our typed error.
      throw new InvalidException(
          List.of(
              new Violation(
                  TreeReader.where(source, Math.max(number, 1), 0, 0)
                      .replace(", line 0, col 0", ""),
                  "",
                  "not valid YAML: the parser failed with " + e.getClass().getSimpleName())));
    }
    return documents;
  }

  /** Anchors and the expansion count of one document. */
  private static final class DocumentState {
    final String source;
    final int number;
    final Map<String, Node> anchors = new HashMap<>();
    long expanded;

    DocumentState(String source, int number) {
      this.source = source;
      this.number = number;
    }
  }

  private Node value(JsonParser parser, JsonToken token, int depth, DocumentState state)
      throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = at.getLineNr();
    int column = at.getColumnNr();
    if (depth > limits.maxDepth()) {
      throw fail(state, line, column, "nested deeper than the limit of " + limits.maxDepth());
    }
    String anchor = AnchoredYaml.anchor(parser);
    Node node;
    switch (token) {
      case START_OBJECT -> {
        Map<String, Entry> entries = new LinkedHashMap<>();
        long weight = 1;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
          if (t == null) {
            throw fail(state, line, column, "input ends inside this object");
          }
          JsonLocation keyAt = parser.currentTokenLocation();
          String key = parser.currentName();
          checkCharacters(state, keyAt.getLineNr(), keyAt.getColumnNr(), key);
          if (entries.containsKey(key)) {
            throw fail(
                state, keyAt.getLineNr(), keyAt.getColumnNr(), "duplicate field \"" + key + "\"");
          }
          Node child = value(parser, parser.nextToken(), depth + 1, state);
          entries.put(key, new Entry(child, keyAt.getLineNr(), keyAt.getColumnNr()));
          weight += child.weight();
        }
        node = new MapNode(entries, line, column, weight);
      }
      case START_ARRAY -> {
        List<Node> items = new ArrayList<>();
        long weight = 1;
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
          if (t == null) {
            throw fail(state, line, column, "input ends inside this list");
          }
          Node child = value(parser, t, depth + 1, state);
          items.add(child);
          weight += child.weight();
        }
        node = new ListNode(items, line, column, weight);
      }
      case VALUE_STRING -> {
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
          Node target = state.anchors.get(parser.getText());
          if (target == null) {
            throw fail(state, line, column, "alias *" + parser.getText() + " has no anchor");
          }
          charge(state, target.weight(), line, column);
          return target;
        }
        node =
            new ScalarNode(
                ScalarNode.Type.STRING,
                checkCharacters(state, line, column, parser.getText()),
                line,
                column);
      }
      case VALUE_NUMBER_INT ->
          node = new ScalarNode(ScalarNode.Type.INTEGER, parser.getText(), line, column);
      case VALUE_NUMBER_FLOAT ->
          node = new ScalarNode(ScalarNode.Type.DECIMAL, parser.getText(), line, column);
      case VALUE_TRUE, VALUE_FALSE ->
          node = new ScalarNode(ScalarNode.Type.BOOLEAN, parser.getText(), line, column);
      case VALUE_NULL -> node = new ScalarNode(ScalarNode.Type.NULL, "null", line, column);
      default -> throw fail(state, line, column, "unexpected " + token);
    }
    if (node instanceof ScalarNode) {
      charge(state, 1, line, column);
    }
    if (anchor != null) {
      state.anchors.put(anchor, node);
    }
    return node;
  }

  /**
   * Text handed in as a Java string may hold a lone surrogate, which no file can: refused where.
   */
  private static void refuseLoneSurrogates(String source, String text) {
    int at = loneSurrogate(text);
    if (at < 0) {
      return;
    }
    int lineStart = text.lastIndexOf('\n', at) + 1;
    long line = 1 + text.chars().limit(lineStart).filter(c -> c == '\n').count();
    throw new InvalidException(
        List.of(
            new Violation(
                source + ": line " + line + ", col " + (at - lineStart + 1),
                "",
                String.format(
                    "a lone surrogate \\u%04X, which is not a character", (int) text.charAt(at)))));
  }

  /**
   * Refuses a lone UTF-16 surrogate (from a {@code \\uD800} escape, or text handed in as a Java
   * string), which is no character: stored, it would come back as {@code ?}.
   */
  private static String checkCharacters(DocumentState state, int line, int column, String text) {
    int at = loneSurrogate(text);
    if (at >= 0) {
      throw fail(
          state,
          line,
          column,
          String.format(
              "contains a lone surrogate \\u%04X at character %d, which is not a character",
              (int) text.charAt(at), at + 1));
    }
    return text;
  }

  /** The index of the first surrogate in {@code text} that is not half of a pair, or -1. */
  private static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (Character.isHighSurrogate(ch)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(ch)) {
        return i;
      }
    }
    return -1;
  }

  private void charge(DocumentState state, long weight, int line, int column) {
    state.expanded += weight;
    if (state.expanded > limits.maxExpandedNodes()) {
      throw fail(
          state,
          line,
          column,
          "expands to more than "
              + limits.maxExpandedNodes()
              + " values through aliases; refusing it (a \"billion laughs\" document?)");
    }
  }

  private static InvalidException fail(DocumentState state, int line, int column, String message) {
    return new InvalidException(
        List.of(new Violation(where(state.source, state.number, line, column), "", message)));
  }

  static String where(String source, int document, int line, int column) {
    return source + ": document " + document + ", line " + line + ", col " + column;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "syntax error";
    }
    int newline = message.indexOf('\n');
    return (newline < 0 ? message : message.substring(0, newline)).trim();
  }
}
