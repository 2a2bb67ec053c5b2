package org.ipam4j.model;

/** Who may claim from a pool; only {@code shared} pools may be claimed from another project. */
public enum Visibility {
  platform,
  consumer,
  shared
}
