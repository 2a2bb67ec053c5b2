package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;

/** An opaque reference to whatever owns a claim; ipam4j stores it and never follows it. */
public record OwnerRef(String apiGroup, String kind, Optional<String> namespace, String name) {
  public OwnerRef {
    Objects.requireNonNull(apiGroup, "apiGroup");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }
}
