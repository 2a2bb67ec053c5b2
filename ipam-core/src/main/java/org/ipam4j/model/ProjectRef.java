package org.ipam4j.model;

import java.util.Objects;

/**
 * A reference to a project by name.
 *
 * @param name the project's name
 */
public record ProjectRef(String name) {
  /**
   * Checks that no component is null.
   *
   * @param name the project's name
   */
  public ProjectRef {
    Objects.requireNonNull(name, "name");
  }
}
