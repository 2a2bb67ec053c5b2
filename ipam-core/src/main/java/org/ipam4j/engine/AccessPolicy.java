package org.ipam4j.engine;

import org.ipam4j.model.IPPool;

/**
 * Decides whether a project may claim from a pool in another project. Asked only for pools whose
 * visibility is {@code shared}, in the spirit of the reference server's authorizer check for verb
 * {@code use} on {@code ippools/NAME}. The default, {@link #denyAll()}, refuses every cross-project
 * claim, as the reference does with no authorizer wired in.
 */
@FunctionalInterface
public interface AccessPolicy {

  /**
   * Whether {@code claimingProject} may take blocks from {@code pool}.
   *
   * @param claimingProject the project of the claim
   * @param pool a {@code shared} pool of another project
   * @return true to allow the claim
   */
  boolean mayUse(String claimingProject, IPPool pool);

  /**
   * Refuses every cross-project claim; the default.
   *
   * @return a policy that answers false
   */
  static AccessPolicy denyAll() {
    return (project, pool) -> false;
  }

  /**
   * Allows the projects a shared pool names in its annotation {@code key}, a comma-separated list
   * (e.g. {@code ipam.miloapis.com/allowed-projects: team-a,team-b}); {@code *} allows all. The
   * pool's owners decide, in the pool's own manifest.
   *
   * @param key the annotation to read, usually {@link #ALLOWED_PROJECTS}
   * @return a policy that reads the pool's annotation
   */
  static AccessPolicy byPoolAnnotation(String key) {
    java.util.Objects.requireNonNull(key, "key");
    return (project, pool) -> {
      String allowed = pool.metadata().annotations().get(key);
      if (allowed == null) {
        return false;
      }
      for (String p : allowed.split(",")) {
        if (p.trim().equals(project) || p.trim().equals("*")) {
          return true;
        }
      }
      return false;
    };
  }

  /** The annotation {@code ipamctl} reads with {@link #byPoolAnnotation}. */
  String ALLOWED_PROJECTS = "ipam.miloapis.com/allowed-projects";

  /**
   * Allows every project to use every shared pool.
   *
   * @return a policy that answers true
   */
  static AccessPolicy allowAll() {
    return (project, pool) -> true;
  }
}
