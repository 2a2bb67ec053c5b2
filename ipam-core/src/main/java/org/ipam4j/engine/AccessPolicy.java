package org.ipam4j.engine;

import org.ipam4j.model.IPPool;

/**
 * Decides whether a project may claim from a pool in another project. Asked only for pools whose
 * visibility is {@code shared}, in the spirit of the reference server's authorizer check for verb
 * {@code use} on {@code ippools/NAME}. The default, {@link #denyAll()}, refuses every
 * cross-project claim, as the reference does with no authorizer wired in.
 */
@FunctionalInterface
public interface AccessPolicy {

  /** Whether {@code claimingProject} may take blocks from {@code pool}. */
  boolean mayUse(String claimingProject, IPPool pool);

  /** Refuses every cross-project claim; the default. */
  static AccessPolicy denyAll() {
    return (project, pool) -> false;
  }

  /** Allows every project to use every shared pool. */
  static AccessPolicy allowAll() {
    return (project, pool) -> true;
  }
}
