package org.ipam4j.model;

import java.util.Objects;

/** A reference to a project by name. */
public record ProjectRef(String name) {
  public ProjectRef {
    Objects.requireNonNull(name, "name");
  }
}
