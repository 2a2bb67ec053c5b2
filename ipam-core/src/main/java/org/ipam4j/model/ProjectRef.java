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

  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof ProjectRef other && name.equals(other.name));
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }
}
