package org.ipam4j.model;

import java.util.Objects;

/**
 * A reference by name to an object in the same project ({@code parentPoolRef}, {@code
 * boundAllocationRef}).
 */
public record LocalRef(String name) {
  public LocalRef {
    Objects.requireNonNull(name, "name");
  }
}
