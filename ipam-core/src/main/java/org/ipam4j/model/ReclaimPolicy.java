package org.ipam4j.model;

/** What happens to a claim's block when the claim is deleted. */
public enum ReclaimPolicy {
  Delete,
  Retain
}
