package org.ipam4j.model;

/** Who may claim from a pool; only {@code shared} pools may be claimed from another project. */
public enum Visibility {
  /** A pool run by the platform, for its own project's claims only (as is a pool with none). */
  platform,
  /** A pool of a consumer project, for that project's claims only. */
  consumer,
  /** A pool other projects may claim from, when the engine's access policy allows them. */
  shared
}
