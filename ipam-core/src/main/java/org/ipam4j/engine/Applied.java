package org.ipam4j.engine;

import java.util.Objects;
import org.ipam4j.model.IpamObject;

/**
 * What an apply did: the object as stored (or, on a dry run, as it would be stored) and whether it
 * was created, changed or left alone, in kubectl's words.
 */
public record Applied<T extends IpamObject>(T object, Outcome outcome) {

  /** kubectl's three answers to an apply. */
  public enum Outcome {
    created,
    configured,
    unchanged
  }

  public Applied {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(outcome, "outcome");
  }
}
