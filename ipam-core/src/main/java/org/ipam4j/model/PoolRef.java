package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A claim's pin to one pool by name, optionally in another project.
 *
 * @param projectRef the pool's project when it is not the claim's own; such a pool must be {@code
 *     shared} and the access policy must allow it
 */
public record PoolRef(Optional<ProjectRef> projectRef, String name) {
  public PoolRef {
    Objects.requireNonNull(projectRef, "projectRef");
    Objects.requireNonNull(name, "name");
  }

  public static PoolRef of(String name) {
    return new PoolRef(Optional.empty(), name);
  }

  public static PoolRef inProject(String project, String name) {
    return new PoolRef(Optional.of(new ProjectRef(project)), name);
  }

  /** The pool's project, given the project of the object that holds this reference. */
  public String projectOr(String ownProject) {
    return projectRef.map(ProjectRef::name).orElse(ownProject);
  }
}
