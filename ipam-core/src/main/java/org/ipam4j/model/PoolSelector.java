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
 */
public record PoolSelector(
    Map<String, String> matchLabels,
    List<Requirement> matchExpressions,
    Optional<ProjectRef> projectRef) {

  public PoolSelector {
    LabelSelector normalized = new LabelSelector(matchLabels, matchExpressions);
    matchLabels = normalized.matchLabels();
    matchExpressions = normalized.matchExpressions();
    Objects.requireNonNull(projectRef, "projectRef");
  }

  public static PoolSelector matching(Map<String, String> matchLabels) {
    return new PoolSelector(matchLabels, List.of(), Optional.empty());
  }

  public static PoolSelector of(LabelSelector selector) {
    return new PoolSelector(selector.matchLabels(), selector.matchExpressions(), Optional.empty());
  }

  public PoolSelector inProject(String project) {
    return new PoolSelector(matchLabels, matchExpressions, Optional.of(new ProjectRef(project)));
  }

  public LabelSelector labelSelector() {
    return new LabelSelector(matchLabels, matchExpressions);
  }

  public String projectOr(String ownProject) {
    return projectRef.map(ProjectRef::name).orElse(ownProject);
  }
}
