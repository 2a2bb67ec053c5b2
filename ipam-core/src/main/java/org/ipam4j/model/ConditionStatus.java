package org.ipam4j.model;

/** A condition's status, as Kubernetes spells it. */
public enum ConditionStatus {
  /** The condition holds. */
  True,
  /** The condition does not hold. */
  False,
  /** Whether the condition holds is not known yet. */
  Unknown
}
