package org.ipam4j.yaml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.InvalidException;
import org.ipam4j.InvalidException.Violation;
import org.ipam4j.internal.Spelling;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.yaml.Node.Entry;
import org.ipam4j.yaml.Node.ListNode;
import org.ipam4j.yaml.Node.MapNode;
import org.ipam4j.yaml.Node.ScalarNode;

/**
 * Kubernetes-style manifests of the {@code ipam.miloapis.com/v1alpha1} kinds, in and out.
 *
 * <pre>{@code
 * List<Manifest> objects = Manifests.strict().read("pools.yaml", text);
 * String yaml = Manifests.strict().toYaml(engine.getClaim("default", "web").orElseThrow());
 * }</pre>
 *
 * <p>Reading accepts one document, a stream of documents separated by {@code ---}, or a {@code
 * kind: List} (JSON is YAML too). Every problem is reported at once, each naming its source, the
 * document, the line and column (counted from the start of the input, as editors count them), and
 * the field path; unknown fields are errors unless {@link #lenient()} is used. Reading is
 * defensive: input size, nesting depth and alias expansion are bounded ({@link Limits}), and no
 * type information is ever taken from the input.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Manifests {

  private static final String LIST_API_VERSION = "v1";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
              .stringQuotingChecker(new Quoting())
              .build());
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final ObjectMapper COMPACT_JSON = new ObjectMapper();
  private static final ObjectWriter YAML_WRITER = YAML.writer();
  private static final ObjectWriter JSON_WRITER = JSON.writer();
  private static final ObjectWriter COMPACT_JSON_WRITER = COMPACT_JSON.writer();

  private final boolean lenient;
  private final Limits limits;
  private final String defaultProject;

  private Manifests(boolean lenient, Limits limits, String defaultProject) {
    this.lenient = lenient;
    this.limits = limits;
    this.defaultProject = defaultProject;
  }

  /**
   * Unknown fields are errors; default limits; objects without a namespace go to "default".
   *
   * @return the strict reader and writer
   */
  public static Manifests strict() {
    return new Manifests(false, Limits.defaults(), "default");
  }

  /**
   * The same, but unknown fields are ignored.
   *
   * @return a new, lenient reader with the same limits and default project
   */
  public Manifests lenient() {
    return new Manifests(true, limits, defaultProject);
  }

  /**
   * The same, reading within other limits.
   *
   * @param newLimits what a stream may cost to read
   * @return a new reader, otherwise the same
   */
  public Manifests withLimits(Limits newLimits) {
    return new Manifests(lenient, Objects.requireNonNull(newLimits, "limits"), defaultProject);
  }

  /**
   * The project of objects whose manifest has no {@code metadata.namespace}.
   *
   * @param project the project, a valid name
   * @return a new reader, otherwise the same
   */
  public Manifests withDefaultProject(String project) {
    return new Manifests(lenient, limits, Objects.requireNonNull(project, "project"));
  }

  // ---- reading ---------------------------------------------------------------------------------

  /**
   * Reads every object of a manifest stream.
   *
   * @param source how to name the input in errors, e.g. its file name
   * @param text the YAML, one or more documents
   * @return the objects, in the order written
   * @throws InvalidException listing every problem, each with its position and field path
   */
  public List<Manifest> read(String source, String text) {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(text, "text");
    List<Manifest> out = new ArrayList<>();
    List<Violation> problems = new ArrayList<>();
    for (TreeReader.Document doc : new TreeReader(limits).read(source, text)) {
      readDocument(source, doc, out, problems);
    }
    if (!problems.isEmpty()) {
      throw new InvalidException(problems);
    }
    return out;
  }

  /**
   * Reads every object of a stream (standard input, say), reading no further than the size limit
   * allows: a stream past it fails at once, without being held in memory.
   *
   * @param source how to name the input in errors
   * @param in the stream, read as UTF-8 and not closed
   * @return the objects, in the order written
   * @throws InvalidException naming {@code source}, for a stream over the limit or that cannot be
   *     read, and as {@link #read(String, String)}
   */
  public List<Manifest> read(String source, java.io.InputStream in) {
    long cap = limits.maxInputChars() * 4L; // UTF-8 takes at most 4 bytes a character
    byte[] bytes;
    try {
      bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, cap + 1));
    } catch (IOException e) {
      throw new InvalidException(
          List.of(new Violation(source, "", "cannot read: " + e.getMessage())));
    }
    if (bytes.length > cap) {
      throw new InvalidException(
          List.of(
              new Violation(
                  source,
                  "",
                  "input is larger than the limit of " + limits.maxInputChars() + " characters")));
    }
    return read(source, utf8(source, bytes));
  }

  /**
   * Bytes as UTF-8, strictly: a byte sequence that is not UTF-8 is refused at its line and column,
   * never replaced.
   */
  static String utf8(String source, byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
    java.nio.charset.CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      out.flip();
      int line = 1;
      int column = 1;
      for (int i = 0; i < out.limit(); i++) {
        if (out.get(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      throw new InvalidException(
          List.of(
              new Violation(
                  source + ": line " + line + ", col " + column,
                  "",
                  String.format(
                      "not valid UTF-8 (byte 0x%02X at offset %d); save the file" + " as UTF-8",
                      bytes[in.position()] & 0xff, in.position()))));
    }
    out.flip();
    return out.toString();
  }

  /**
   * Reads a file, named in errors by its path.
   *
   * @param file the file
   * @return the objects, in the order written
   * @throws InvalidException as {@link #read(String, String)}, or if the file cannot be read
   */
  public List<Manifest> read(Path file) {
    try {
      if (Files.size(file) > limits.maxInputChars() * 4L) {
        throw new InvalidException(
            List.of(
                new Violation(
                    file.toString(),
                    "",
                    "file is larger than the limit of " + limits.maxInputChars() + " characters")));
      }
      return read(file.toString(), utf8(file.toString(), Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new InvalidException(
          List.of(new Violation(file.toString(), "", "cannot read: " + e.getMessage())));
    }
  }

  /**
   * The objects alone, for callers that need no positions.
   *
   * @param source how to name the input in errors
   * @param text the YAML
   * @return the objects, in the order written
   */
  public List<IpamObject> readObjects(String source, String text) {
    return read(source, text).stream().map(Manifest::object).toList();
  }

  private void readDocument(
      String source, TreeReader.Document doc, List<Manifest> out, List<Violation> problems) {
    Node root = doc.root();
    String docWhere = TreeReader.where(source, doc.number(), root.line(), root.column());
    if (!(root instanceof MapNode map)) {
      problems.add(new Violation(docWhere, "", "expected an object, got " + root.describe()));
      return;
    }
    Optional<String> apiVersion = text(map, "apiVersion");
    Optional<String> kind = text(map, "kind");
    if (LIST_API_VERSION.equals(apiVersion.orElse("")) && "List".equals(kind.orElse(""))) {
      for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
        if (!List.of("apiVersion", "kind", "items", "metadata").contains(e.getKey()) && !lenient) {
          problems.add(
              new Violation(
                  TreeReader.where(
                      source, doc.number(), e.getValue().keyLine(), e.getValue().keyColumn()),
                  e.getKey(),
                  "unknown field \"" + e.getKey() + "\""));
        }
      }
      Node items = map.entries().containsKey("items") ? map.entries().get("items").value() : null;
      if (items instanceof ListNode list) {
        for (int i = 0; i < list.items().size(); i++) {
          readObject(source, doc.number(), list.items().get(i), "items[" + i + "]", out, problems);
        }
      } else if (items != null) {
        problems.add(
            new Violation(
                TreeReader.where(source, doc.number(), items.line(), items.column()),
                "items",
                "expected a list, got " + items.describe()));
      }
      return;
    }
    readObject(source, doc.number(), root, "", out, problems);
  }

  private void readObject(
      String source,
      int document,
      Node node,
      String path,
      List<Manifest> out,
      List<Violation> problems) {
    String where = TreeReader.where(source, document, node.line(), node.column());
    if (!(node instanceof MapNode map)) {
      problems.add(new Violation(where, path, "expected an object, got " + node.describe()));
      return;
    }
    Optional<String> apiVersion = text(map, "apiVersion");
    Optional<String> kindName = text(map, "kind");
    Optional<Kind> kind =
        kindName.flatMap(
            k -> {
              for (Kind candidate : Kind.values()) {
                if (candidate.name().equals(k)) {
                  return Optional.of(candidate);
                }
              }
              return Optional.empty();
            });
    if (kind.isEmpty() || !Kind.API_VERSION.equals(apiVersion.orElse(""))) {
      problems.add(
          new Violation(
              where,
              Checker.join(path, "kind"),
              "unknown kind "
                  + quoted(kindName)
                  + " of apiVersion "
                  + quoted(apiVersion)
                  + "; known: "
                  + Kind.API_VERSION
                  + " IPPool, IPClaim, IPAllocation, and v1 List"
                  + kindName
                      .flatMap(
                          k ->
                              Spelling.closest(
                                  k,
                                  java.util.Arrays.stream(Kind.values()).map(Kind::name).toList()))
                      .map(best -> "; did you mean " + best + "?")
                      .orElse("")));
      return;
    }
    int before = problems.size();
    new Checker(source, document, lenient, problems).checkObject(map, Schema.of(kind.get()), path);
    if (problems.size() > before) {
      return;
    }
    try {
      Map<String, String> fields = new java.util.HashMap<>();
      positions(source, document, map, "", fields);
      out.add(
          new Manifest(
              new Binder(source, document, defaultProject).bind(kind.get(), map), where, fields));
    } catch (InvalidException e) {
      problems.addAll(e.violations());
    }
  }

  /** Every field's position, by its path within the object. */
  private static void positions(
      String source, int document, Node node, String path, Map<String, String> out) {
    if (node instanceof MapNode map) {
      for (Map.Entry<String, Entry> e : map.entries().entrySet()) {
        String field = Checker.join(path, e.getKey());
        Node value = e.getValue().value();
        out.put(field, TreeReader.where(source, document, value.line(), value.column()));
        positions(source, document, value, field, out);
      }
    } else if (node instanceof ListNode list) {
      for (int i = 0; i < list.items().size(); i++) {
        Node item = list.items().get(i);
        String field = path + "[" + i + "]";
        out.put(field, TreeReader.where(source, document, item.line(), item.column()));
        positions(source, document, item, field, out);
      }
    }
  }

  private static Optional<String> text(MapNode map, String key) {
    Entry e = map.entries().get(key);
    return e != null && e.value() instanceof ScalarNode s && s.type() == ScalarNode.Type.STRING
        ? Optional.of(s.text())
        : Optional.empty();
  }

  private static String quoted(Optional<String> text) {
    return text.map(t -> "\"" + t + "\"").orElse("(none)");
  }

  // ---- writing ---------------------------------------------------------------------------------

  /**
   * One object, with its status, as a YAML document that reads back as the same object.
   *
   * @param object the object
   * @return one YAML document
   */
  public String toYaml(IpamObject object) {
    return write(YAML_WRITER, out -> Writer.write(out, object));
  }

  /**
   * Several objects as a YAML stream, one document each.
   *
   * @param objects the objects
   * @return the documents, each after {@code ---}
   */
  public String toYaml(List<? extends IpamObject> objects) {
    StringBuilder out = new StringBuilder();
    for (IpamObject o : objects) {
      out.append(toYaml(o));
    }
    return out.toString();
  }

  /**
   * Several objects as one YAML document of {@code apiVersion: v1, kind: List}, as {@code kubectl
   * get -o yaml} prints a list; it reads back as the same objects.
   *
   * @param objects the objects
   * @return the document, after {@code ---}
   */
  public String toYamlList(List<? extends IpamObject> objects) {
    return write(YAML_WRITER, out -> list(out, objects));
  }

  /**
   * One object as JSON.
   *
   * @param object the object
   * @return the object as pretty-printed JSON
   */
  public String toJson(IpamObject object) {
    return write(JSON_WRITER, out -> Writer.write(out, object)) + "\n";
  }

  /**
   * One object as JSON on one line, without spaces or a line break: for logs and line-oriented
   * streams ({@code ipamctl get -w -o json} prints one per change).
   *
   * @param object the object, with its status
   * @return the JSON text, which reads back as the same object
   */
  public String toJsonLine(IpamObject object) {
    return write(COMPACT_JSON_WRITER, out -> Writer.write(out, object));
  }

  /**
   * Several objects as one JSON {@code {"apiVersion": "v1", "kind": "List", "items": [...]}}.
   *
   * @param objects the objects
   * @return the list as pretty-printed JSON
   */
  public String toJsonList(List<? extends IpamObject> objects) {
    return write(JSON_WRITER, out -> list(out, objects)) + "\n";
  }

  private static void list(JsonGenerator out, List<? extends IpamObject> objects)
      throws IOException {
    out.writeStartObject();
    out.writeStringField("apiVersion", LIST_API_VERSION);
    out.writeStringField("kind", "List");
    out.writeArrayFieldStart("items");
    for (IpamObject o : objects) {
      Writer.write(out, o);
    }
    out.writeEndArray();
    out.writeEndObject();
  }

  /** Generator calls that write one value. */
  private interface Emitter {
    void emit(JsonGenerator out) throws IOException;
  }

  private static String write(ObjectWriter writer, Emitter emitter) {
    StringWriter text = new StringWriter(512);
    try (JsonGenerator out = writer.createGenerator(text)) {
      emitter.emit(out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to a string cannot fail", e);
    }
    return text.toString();
  }

  private static String write(ObjectMapper mapper, Object tree) {
    try {
      return mapper.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("maps of strings and numbers always serialize", e);
    }
  }

  // ---- explain and CRDs ------------------------------------------------------------------------

  /**
   * The field tree of a kind, as {@code kubectl explain} prints it: with {@code recursive}, every
   * field's name and type, indented; without, the top-level fields with their descriptions. {@code
   * fieldPath} (e.g. {@code spec.poolSelector}, or empty) narrows it to one field.
   *
   * @param kind the kind
   * @param fieldPath the field to explain, or empty for the whole kind
   * @param recursive whether to print every field beneath it
   * @return the text, as kubectl explain prints it
   * @throws InvalidException if the field path names no field
   */
  public static String explain(Kind kind, String fieldPath, boolean recursive) {
    return Explain.explain(kind, fieldPath, recursive);
  }

  /**
   * A CustomResourceDefinition (apiextensions.k8s.io/v1) for a kind, as YAML.
   *
   * @param kind the kind
   * @return the CRD as one YAML document
   */
  public static String customResourceDefinition(Kind kind) {
    return write(YAML, Crds.definition(kind));
  }
}
