package org.ipam4j.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.selector.LabelSelector;
import org.ipam4j.selector.Requirement;

/**
 * A claim's choice of pool by labels, with Kubernetes LabelSelector semantics, optionally among the
 * shared pools of another project.
 *
 * @param matchLabels labels a pool must carry, each with the value given
 * @param matchExpressions further requirements on a pool's labels
 * @param projectRef the project whose shared pools to choose from, when not the claim's own
 */
public record PoolSelector(
    Map<String, String> matchLabels,
    List<Requirement> matchExpressions,
    Optional<ProjectRef> projectRef) {

  /**
   * Normalizes the selector as {@link LabelSelector} does, and checks that no component is null.
   *
   * @param matchLabels labels a pool must carry, each with the value given
   * @param matchExpressions further requirements on a pool's labels
   * @param projectRef the project whose shared pools to choose from, when not the claim's own
   */
  public PoolSelector {
    LabelSelector normalized = new LabelSelector(matchLabels, matchExpressions);
    matchLabels = normalized.matchLabels();
    matchExpressions = normalized.matchExpressions();
    Objects.requireNonNull(projectRef, "projectRef");
  }

  /**
   * Pools in the claim's project that carry these labels.
   *
   * @param matchLabels the labels
   * @return a selector with no expressions
   */
  public static PoolSelector matching(Map<String, String> matchLabels) {
    return new PoolSelector(matchLabels, List.of(), Optional.empty());
  }

  /**
   * Pools in the claim's project that a label selector matches.
   *
   * @param selector the selector
   * @return a selector with no {@code projectRef}
   */
  public static PoolSelector of(LabelSelector selector) {
    return new PoolSelector(selector.matchLabels(), selector.matchExpressions(), Optional.empty());
  }

  /**
   * This selector, among the shared pools of a named project.
   *
   * @param project the project
   * @return a new selector with {@code projectRef} set
   */
  public PoolSelector inProject(String project) {
    return new PoolSelector(matchLabels, matchExpressions, Optional.of(new ProjectRef(project)));
  }

  /**
   * The labels part of this selector.
   *
   * @return its {@code matchLabels} and {@code matchExpressions}
   */
  public LabelSelector labelSelector() {
    return new LabelSelector(matchLabels, matchExpressions);
  }

  /**
   * The project to choose pools in, given the claim's own.
   *
   * @param ownProject the claim's project
   * @return {@code projectRef}'s name, or {@code ownProject} when it is not set
   */
  public String projectOr(String ownProject) {
    return projectRef.map(ProjectRef::name).orElse(ownProject);
  }
}
