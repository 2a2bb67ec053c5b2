package org.ipam4j.yaml;

import java.util.Objects;
import org.ipam4j.model.IpamObject;

/**
 * An object read from a manifest, with where it was written ({@code pools.yaml: document 2, line
 * 1, col 1}), so that errors the engine raises later can point back at the file.
 */
public record Manifest(IpamObject object, String where) {
  public Manifest {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(where, "where");
  }
}
