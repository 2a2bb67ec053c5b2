package org.ipam4j.yaml;

import org.ipam4j.InvalidException;
import org.ipam4j.model.Kind;
import org.ipam4j.yaml.Schema.Field;

/** {@code kubectl explain} for the schema. */
final class Explain {

  private Explain() {}

  static String explain(Kind kind, String fieldPath, boolean recursive) {
    Field field = Schema.of(kind);
    String described = field.description();
    if (!fieldPath.isEmpty()) {
      for (String part : fieldPath.split("\\.")) {
        Field holder = field.type() == Schema.Type.LIST ? field.items().orElseThrow() : field;
        field =
            holder
                .child(part)
                .orElseThrow(
                    () ->
                        new InvalidException(
                            "fieldPath",
                            "field \"" + part + "\" does not exist in " + kind + "." + fieldPath));
        described = field.description();
      }
    }
    StringBuilder out = new StringBuilder();
    out.append("KIND:     ").append(kind).append('\n');
    out.append("VERSION:  ").append(Kind.API_VERSION).append("\n\n");
    if (!fieldPath.isEmpty()) {
      out.append("FIELD:    ")
          .append(field.name())
          .append(" <")
          .append(field.explainType())
          .append(">\n\n");
    }
    out.append("DESCRIPTION:\n");
    wrap(out, described, "     ");
    Field holder =
        field.type() == Schema.Type.LIST && field.items().isPresent() ? field.items().get() : field;
    if (!holder.children().isEmpty()) {
      out.append("\nFIELDS:\n");
      for (Field child : holder.children()) {
        if (recursive) {
          tree(out, child, "   ");
        } else {
          out.append("   ")
              .append(child.name())
              .append("\t<")
              .append(child.explainType())
              .append('>')
              .append(child.required() ? " -required-" : "")
              .append('\n');
          wrap(out, child.description(), "     ");
          out.append('\n');
        }
      }
    }
    return out.toString();
  }

  private static void tree(StringBuilder out, Field field, String indent) {
    out.append(indent)
        .append(field.name())
        .append("\t<")
        .append(field.explainType())
        .append('>')
        .append(field.required() ? " -required-" : "")
        .append('\n');
    Field holder =
        field.type() == Schema.Type.LIST && field.items().isPresent() ? field.items().get() : field;
    for (Field child : holder.children()) {
      tree(out, child, indent + "   ");
    }
  }

  private static void wrap(StringBuilder out, String text, String indent) {
    StringBuilder line = new StringBuilder(indent);
    for (String word : text.split(" ")) {
      if (line.length() + word.length() > 78 && line.length() > indent.length()) {
        out.append(line.toString().stripTrailing()).append('\n');
        line = new StringBuilder(indent);
      }
      line.append(word).append(' ');
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
