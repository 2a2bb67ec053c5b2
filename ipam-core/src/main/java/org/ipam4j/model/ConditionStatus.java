package org.ipam4j.model;

/** A condition's status, as Kubernetes spells it. */
public enum ConditionStatus {
  True,
  False,
  Unknown
}
