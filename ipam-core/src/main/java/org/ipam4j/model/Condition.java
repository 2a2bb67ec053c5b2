package org.ipam4j.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A Kubernetes-style condition: one aspect of an object's state, why, and since when.
 *
 * @param type e.g. {@code Ready} or {@code Allocated}
 * @param status whether the condition holds
 * @param reason a CamelCase word, e.g. {@code PoolExhausted}
 * @param message a sentence for people
 * @param lastTransitionTime when {@code status} last changed
 * @param observedGeneration the {@code metadata.generation} this condition was computed from
 */
public record Condition(
    String type,
    ConditionStatus status,
    String reason,
    String message,
    Instant lastTransitionTime,
    long observedGeneration) {

  /**
   * Checks that no component is null.
   *
   * @param type e.g. {@code Ready} or {@code Allocated}
   * @param status whether the condition holds
   * @param reason a CamelCase word, e.g. {@code PoolExhausted}
   * @param message a sentence for people
   * @param lastTransitionTime when {@code status} last changed
   * @param observedGeneration the {@code metadata.generation} this condition was computed from
   */
  public Condition {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(lastTransitionTime, "lastTransitionTime");
  }
}
