package org.ipam4j.selector;

/** A label selector requirement's operator, spelled as Kubernetes spells it. */
public enum Operator {
  /** The label is present and its value is one of the values. */
  In,
  /** The label is absent, or its value is none of the values. */
  NotIn,
  /** The label is present, whatever its value. */
  Exists,
  /** The label is absent. */
  DoesNotExist
}
