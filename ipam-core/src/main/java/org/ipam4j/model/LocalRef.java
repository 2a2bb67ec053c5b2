package org.ipam4j.model;

import java.util.Objects;

/**
 * A reference by name to an object in the same project ({@code parentPoolRef}, {@code
 * boundAllocationRef}).
 *
 * @param name the object's name
 */
public record LocalRef(String name) {
  /**
   * Checks that no component is null.
   *
   * @param name the object's name
   */
  public LocalRef {
    Objects.requireNonNull(name, "name");
  }
}
