package org.ipam4j.yaml;

import java.util.List;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/**
 * A column {@code kubectl get} shows for a kind, as its CustomResourceDefinition declares it
 * ({@code additionalPrinterColumns}): for tools that print tables the way kubectl does.
 *
 * @param name the column's header
 * @param jsonPath where its value lies in the object, such as {@code .status.phase}
 * @param type its OpenAPI type ({@code string}, {@code integer}, {@code date})
 * @since 0.1
 */
public record PrinterColumn(String name, String jsonPath, String type) {

  /**
   * The printer columns of a kind, in the order its CustomResourceDefinition declares them.
   *
   * @param kind the kind
   * @return its columns
   */
  public static List<PrinterColumn> of(Kind kind) {
    return Crds.columns(kind).stream()
        .map(c -> new PrinterColumn(c.name(), c.jsonPath(), c.type()))
        .toList();
  }

  /**
   * This column's value for an object, as text.
   *
   * @param object an object of the column's kind
   * @return the value, or empty when the object has no such field
   */
  public String valueOf(IpamObject object) {
    return Writer.valueAt(object, jsonPath);
  }
}
