package org.ipam4j.yaml;

import java.util.Map;
import java.util.Objects;
import org.ipam4j.InvalidException;
import org.ipam4j.model.IpamObject;

/**
 * An object read from a manifest, with where it was written ({@code pools.yaml: document 2, line 1,
 * col 1}) and where each of its fields was, so that errors the engine raises later can point back
 * at the line.
 *
 * @param fields field path ({@code spec.poolRef.name}) to its position, for every field read
 */
public record Manifest(IpamObject object, String where, Map<String, String> fields) {

  public Manifest {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(where, "where");
    fields = Map.copyOf(fields);
  }

  /** An object with only its document's position. */
  public Manifest(IpamObject object, String where) {
    this(object, where, Map.of());
  }

  /**
   * Where a field was written: the field itself, else the nearest enclosing field that was, else
   * the document.
   */
  public String whereOf(String fieldPath) {
    String path = fieldPath;
    while (!path.isEmpty()) {
      String at = fields.get(path);
      if (at != null) {
        return at;
      }
      int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
      path = cut < 0 ? "" : path.substring(0, cut);
    }
    return where;
  }

  /** The same error, each problem placed at its field. */
  public InvalidException locate(InvalidException e) {
    return new InvalidException(
        e.violations().stream()
            .map(v -> v.where().isEmpty() ? v.at(whereOf(v.field())) : v)
            .toList());
  }
}
