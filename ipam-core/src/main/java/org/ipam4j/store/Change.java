package org.ipam4j.store;

import java.util.Objects;
import org.ipam4j.model.IpamObject;

/**
 * One committed change, as listeners and watchers see it.
 *
 * @param object the object as stored; for {@link Type#DELETED}, as it was last stored
 * @param revision the store revision of the commit that made the change
 */
public record Change(Type type, IpamObject object, long revision) {

  /** What happened to the object. */
  public enum Type {
    ADDED,
    MODIFIED,
    DELETED
  }

  public Change {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(object, "object");
  }
}
