package org.ipam4j.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ipam4j.model.Kind;
import org.ipam4j.yaml.Schema.Field;

/** CustomResourceDefinitions generated from the schema. */
final class Crds {

  private Crds() {}

  /** A printer column: its header, JSONPath and OpenAPI type. */
  record Column(String name, String jsonPath, String type) {}

  /** The columns {@code kubectl get} (and ipamctl) show for each kind. */
  static List<Column> columns(Kind kind) {
    Column age = new Column("Age", ".metadata.creationTimestamp", "date");
    return switch (kind) {
      case IPPool ->
          List.of(
              new Column("CIDR", ".status.allocatedCIDR", "string"),
              new Column("Family", ".status.ipFamily", "string"),
              new Column("Phase", ".status.phase", "string"),
              new Column("Used%", ".status.utilizationPercent", "number"),
              age);
      case IPClaim ->
          List.of(
              new Column("Family", ".spec.ipFamily", "string"),
              new Column("Prefix", ".spec.prefixLength", "integer"),
              new Column("CIDR", ".status.allocatedCIDR", "string"),
              new Column("Phase", ".status.phase", "string"),
              age);
      case IPAllocation ->
          List.of(
              new Column("Pool", ".spec.poolRef.name", "string"),
              new Column("CIDR", ".status.allocatedCIDR", "string"),
              new Column("Claim", ".spec.claimRef.name", "string"),
              new Column("Phase", ".status.phase", "string"),
              age);
    };
  }

  static Map<String, Object> definition(Kind kind) {
    String group = Kind.API_VERSION.substring(0, Kind.API_VERSION.indexOf('/'));
    String version = Kind.API_VERSION.substring(Kind.API_VERSION.indexOf('/') + 1);
    Map<String, Object> crd = new LinkedHashMap<>();
    crd.put("apiVersion", "apiextensions.k8s.io/v1");
    crd.put("kind", "CustomResourceDefinition");
    crd.put("metadata", Map.of("name", kind.plural() + "." + group));
    Map<String, Object> names = new LinkedHashMap<>();
    names.put("kind", kind.name());
    names.put("listKind", kind.name() + "List");
    names.put("plural", kind.plural());
    names.put("singular", kind.name().toLowerCase(Locale.ROOT));
    names.put("shortNames", List.of(kind.shortName()));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("group", group);
    spec.put("names", names);
    spec.put("scope", "Namespaced");
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("name", version);
    v.put("served", true);
    v.put("storage", true);
    v.put("subresources", Map.of("status", Map.of()));
    List<Object> columns = new ArrayList<>();
    for (Column c : columns(kind)) {
      columns.add(Map.of("name", c.name(), "jsonPath", c.jsonPath(), "type", c.type()));
    }
    v.put("additionalPrinterColumns", columns);
    Map<String, Object> root = schema(Schema.of(kind), true);
    if (kind == Kind.IPClaim) {
      @SuppressWarnings("unchecked")
      Map<String, Object> props =
          (Map<String, Object>) java.util.Objects.requireNonNull(root.get("properties"));
      @SuppressWarnings("unchecked")
      Map<String, Object> claimSpec =
          (Map<String, Object>) java.util.Objects.requireNonNull(props.get("spec"));
      claimSpec.put(
          "x-kubernetes-validations",
          List.of(
              Map.of(
                  "rule", "has(self.poolRef) != has(self.poolSelector)",
                  "message", "exactly one of poolRef or poolSelector must be specified")));
    }
    v.put("schema", Map.of("openAPIV3Schema", root));
    spec.put("versions", List.of(v));
    crd.put("spec", spec);
    return crd;
  }

  private static Map<String, Object> schema(Field field, boolean top) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (field.type()) {
      case OBJECT -> {
        out.put("type", "object");
        if (!field.description().isEmpty()) {
          out.put("description", field.description());
        }
        if (!top && field.name().equals("metadata")) {
          return out;
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Field child : field.children()) {
          if (top && child.name().equals("metadata")) {
            properties.put("metadata", Map.of("type", "object"));
            continue;
          }
          properties.put(child.name(), schema(child, false));
          if (child.required()) {
            required.add(child.name());
          }
        }
        out.put("properties", properties);
        if (!required.isEmpty()) {
          out.put("required", required);
        }
        return out;
      }
      case LIST -> {
        out.put("type", "array");
        out.put("items", schema(field.items().orElseThrow(), false));
      }
      case STRING_MAP -> {
        out.put("type", "object");
        out.put("additionalProperties", Map.of("type", "string"));
      }
      case INTEGER -> {
        out.put("type", "integer");
        out.put("format", "int32");
      }
      case NUMBER -> out.put("type", "number");
      case QUANTITY -> out.put("x-kubernetes-int-or-string", true);
      case TIMESTAMP -> {
        out.put("type", "string");
        out.put("format", "date-time");
      }
      case STRING, RESOURCE_VERSION -> {
        out.put("type", "string");
        if (!field.enumValues().isEmpty()) {
          out.put("enum", field.enumValues());
        }
      }
    }
    if (!field.description().isEmpty()) {
      out.put("description", field.description());
    }
    return out;
  }
}
