package org.ipam4j.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ipam4j.ForbiddenException;
import org.ipam4j.InvalidException;
import org.ipam4j.internal.Spelling;
import org.ipam4j.model.AllocationPolicy;
import org.ipam4j.model.Condition;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.ipam4j.selector.LabelSelector;

/**
 * Which pools a claim may draw from, in the order they are tried, and whether a project may use a
 * pool at all. Asked again, on the pool as it stands under its lock, at the moment of binding.
 */
final class Resolver {

  /** The candidates of a claim, or why there are none ({@code reason}, {@code message}). */
  record Resolution(List<IPPool> pools, String reason, String message) {

    /** Why no candidate took the claim: for a claim that waits, or (not waiting) one refused. */
    String exhaustedMessage(IPClaim claim, boolean waits) {
      int length = claim.spec().prefixLength();
      StringBuilder names = new StringBuilder();
      for (IPPool p : pools) {
        names.append(names.length() == 0 ? "" : ", ").append(p.metadata().name());
      }
      return "no free /" + length + " in IPPool " + names + (waits ? "; waiting for space" : "");
    }
  }

  private final AccessPolicy access;

  Resolver(AccessPolicy access) {
    this.access = access;
  }

  /**
   * Whether a claim of {@code project} may take blocks from {@code pool} as it stands: always in
   * its own project; in another only while the pool is shared and the policy allows it.
   */
  boolean mayUse(String project, IPPool pool) {
    return pool.metadata().project().equals(project)
        || (pool.spec().isShared() && access.mayUse(project, pool));
  }

  /**
   * A waiting claim's reason told as a refusal, for an engine that fails rather than waits: the
   * same words without the "; waiting for ..." a waiting claim's condition ends with.
   */
  static String refused(String waitingMessage) {
    return waitingMessage.replaceFirst("; waiting for (it|one|space)$", "");
  }

  /**
   * Why a claim by {@code poolRef} waits: its pool does not exist (yet), with the name of a pool of
   * the claim's own project one or two typos away, if any. Worked out when the claim is first told
   * so; a claim already waiting for that pool keeps its message, so that passes over waiting claims
   * do not list pools again.
   */
  private static String poolNotFound(IPClaim claim, Plan plan, String name) {
    String project = claim.metadata().project();
    if (claim.metadata().resourceVersion() != 0) {
      for (Condition c : claim.status().conditions()) {
        if (c.type().equals("Ready") && c.reason().equals("PoolNotFound")) {
          return c.message();
        }
      }
    }
    String hint =
        Spelling.closest(
                name,
                plan.pools(project, LabelSelector.everything()).stream()
                    .map(p -> p.metadata().name())
                    .toList())
            .map(best -> " (did you mean \"" + best + "\"?)")
            .orElse("");
    return "no IPPool \"" + name + "\" in project " + project + hint + "; waiting for it";
  }

  /**
   * @throws ForbiddenException if {@code poolRef} names another project's pool that is not shared
   *     with the claim's project (a missing one reads the same, revealing nothing)
   * @throws InvalidException if the pool named can never satisfy the claim
   */
  Resolution resolve(IPClaim claim, Plan plan) {
    IPClaimSpec spec = claim.spec();
    String project = claim.metadata().project();
    IpFamily family = spec.ipFamily();
    int length = spec.prefixLength();
    if (spec.poolRef().isPresent()) {
      PoolRef ref = spec.poolRef().get();
      String poolProject = ref.projectOr(project);
      Optional<IPPool> found = plan.get(IPPool.class, poolProject, ref.name());
      if (!poolProject.equals(project) && (found.isEmpty() || !mayUse(project, found.get()))) {
        throw forbidden(project, poolProject, ref.name());
      }
      if (found.isEmpty()) {
        return new Resolution(List.of(), "PoolNotFound", poolNotFound(claim, plan, ref.name()));
      }
      IPPool pool = found.get();
      Cidr cidr = Statuses.cidrOf(pool);
      if (cidr.family() != family) {
        throw new InvalidException(
            "spec.ipFamily",
            family + " does not match IPPool " + ref.name() + ", which is " + cidr.family());
      }
      if (length < cidr.prefixLength()) {
        throw new InvalidException(
            "spec.prefixLength",
            "/" + length + " is larger than IPPool " + ref.name() + " (" + cidr + ")");
      }
      if (!pool.spec().allocation().allows(length)) {
        throw new InvalidException(
            "spec.prefixLength",
            length + " is outside IPPool " + ref.name() + "'s allowed range " + bounds(pool));
      }
      return new Resolution(List.of(pool), "", "");
    }
    PoolSelector selector = spec.poolSelector().orElseThrow();
    String poolProject = selector.projectOr(project);
    List<IPPool> matches = new ArrayList<>();
    for (IPPool pool : plan.pools(poolProject, selector.labelSelector())) {
      // A denial must read exactly like "no pool matches", so that other projects' pools
      // cannot be discovered through selectors.
      if (fits(pool, family, length) && mayUse(project, pool)) {
        matches.add(pool);
      }
    }
    if (matches.isEmpty()) {
      return new Resolution(
          List.of(),
          "NoMatchingPool",
          "no "
              + family
              + " IPPool in project "
              + poolProject
              + " matches poolSelector {"
              + selector.labelSelector()
              + "} and allows /"
              + length
              + "; waiting for one");
    }
    return new Resolution(matches, "", "");
  }

  /** Whether a pool could ever hold a block of that family and length. */
  static boolean fits(IPPool pool, IpFamily family, int length) {
    Optional<Cidr> cidr = pool.status().allocatedCIDR();
    return cidr.isPresent()
        && cidr.get().family() == family
        && length >= cidr.get().prefixLength()
        && pool.spec().allocation().allows(length);
  }

  static ForbiddenException forbidden(String project, String poolProject, String poolName) {
    return new ForbiddenException(
        "spec.poolRef: project "
            + project
            + " may not use IPPool "
            + poolName
            + " of project "
            + poolProject);
  }

  static String bounds(IPPool pool) {
    AllocationPolicy policy = pool.spec().allocation();
    return "/"
        + (policy.minPrefixLength().isPresent() ? policy.minPrefixLength().getAsInt() : 0)
        + "-/"
        + (policy.maxPrefixLength().isPresent()
            ? policy.maxPrefixLength().getAsInt()
            : Statuses.cidrOf(pool).family().bits());
  }
}
