package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A claim's pin to one pool by name, optionally in another project.
 *
 * @param name the pool's name
 * @param projectRef the pool's project when it is not the claim's own; such a pool must be {@code
 *     shared} and the access policy must allow it
 */
public record PoolRef(Optional<ProjectRef> projectRef, String name) {
  /**
   * Checks that no component is null.
   *
   * @param projectRef the pool's project when it is not the claim's own; such a pool must be {@code
   *     shared} and the access policy must allow it
   * @param name the pool's name
   */
  public PoolRef {
    Objects.requireNonNull(projectRef, "projectRef");
    Objects.requireNonNull(name, "name");
  }

  /**
   * A pool in the claim's own project.
   *
   * @param name the pool's name
   * @return a reference with no {@code projectRef}
   */
  public static PoolRef of(String name) {
    return new PoolRef(Optional.empty(), name);
  }

  /**
   * A pool in a named project.
   *
   * @param project the pool's project
   * @param name the pool's name
   * @return a reference with {@code projectRef} set
   */
  public static PoolRef inProject(String project, String name) {
    return new PoolRef(Optional.of(new ProjectRef(project)), name);
  }

  /**
   * The pool's project, given the project of the object that holds this reference.
   *
   * @param ownProject the project of the claim or allocation holding the reference
   * @return {@code projectRef}'s name, or {@code ownProject} when it is not set
   */
  public String projectOr(String ownProject) {
    return projectRef.map(ProjectRef::name).orElse(ownProject);
  }

  /**
   * Same project reference and name. Written out: the engine compares a claim's reference with the
   * pool it was drawn from on every bind, and a record's generated {@code equals} goes through
   * method handles that were a twentieth of a claim's cycle in memory.
   */
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof PoolRef other
            && name.equals(other.name)
            && projectRef.equals(other.projectRef));
  }

  @Override
  public int hashCode() {
    return 31 * projectRef.hashCode() + name.hashCode();
  }
}
