package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;

/**
 * An opaque reference to whatever owns a claim; ipam4j stores it and never follows it.
 *
 * @param apiGroup the owner's API group
 * @param kind the owner's kind
 * @param namespace the owner's namespace, when it has one
 * @param name the owner's name
 */
public record OwnerRef(String apiGroup, String kind, Optional<String> namespace, String name) {
  /**
   * Checks that no component is null.
   *
   * @param apiGroup the owner's API group
   * @param kind the owner's kind
   * @param namespace the owner's namespace, when it has one
   * @param name the owner's name
   */
  public OwnerRef {
    Objects.requireNonNull(apiGroup, "apiGroup");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }
}
