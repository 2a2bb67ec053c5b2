package org.ipam4j.yaml;

import java.util.Map;
import java.util.Objects;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.model.IpamObject;

/**
 * An object read from a manifest, with where it was written ({@code pools.yaml: document 2, line 1,
 * col 1}) and where each of its fields was, so that errors the engine raises later can point back
 * at the line.
 *
 * @param object the object read
 * @param where the source and position of its document
 * @param fields field path ({@code spec.poolRef.name}) to its position, for every field read
 */
public record Manifest(IpamObject object, String where, Map<String, String> fields) {

  /**
   * Checks that no component is null, and copies {@code fields}.
   *
   * @param object the object read
   * @param where the source and position of its document
   * @param fields field path ({@code spec.poolRef.name}) to its position, for every field read
   */
  public Manifest {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(where, "where");
    fields = Map.copyOf(fields);
  }

  /**
   * An object with only its document's position.
   *
   * @param object the object
   * @param where the source and position of its document
   */
  public Manifest(IpamObject object, String where) {
    this(object, where, Map.of());
  }

  /**
   * Where a field was written: the field itself, else the nearest enclosing field that was, else
   * the document.
   *
   * @param fieldPath a field path, e.g. {@code spec.prefixLength}
   * @return the source and position
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

  /**
   * The same error, each problem placed at its field.
   *
   * @param e an error the engine raised for this manifest's object
   * @return a new error whose problems carry their fields' positions
   */
  public InvalidException locate(InvalidException e) {
    return new InvalidException(
        e.violations().stream()
            .map(v -> v.where().isEmpty() ? v.at(whereOf(v.field())) : v)
            .toList());
  }

  /**
   * An error the engine raised for this manifest's object, placed where a user finds it: an invalid
   * field at its line, any other error at the document's position (an error about the store, which
   * no input caused, as it is).
   *
   * @param e the error
   * @return the error placed, of the same type
   */
  public IpamException place(IpamException e) {
    return e instanceof InvalidException invalid ? locate(invalid) : e.prefixed(where);
  }
}
