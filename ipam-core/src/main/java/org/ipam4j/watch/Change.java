package org.ipam4j.watch;

import java.util.Objects;
import org.ipam4j.model.IpamObject;

/**
 * One committed change to one object, as a watch delivers it.
 *
 * @param type what happened to the object
 * @param object the object as that commit stored it; for {@link Type#DELETED}, as it was last
 *     stored
 * @param revision the store revision of the commit that made the change; every change of one commit
 *     has the same revision
 * @since 0.1
 */
public record Change(Type type, IpamObject object, long revision) {

  /** What happened to the object, in Kubernetes' watch event names. */
  public enum Type {
    /** The object was created. */
    ADDED,
    /** The object was changed: its spec, metadata or status. */
    MODIFIED,
    /** The object was deleted. */
    DELETED
  }

  /**
   * Checks that no component is null.
   *
   * @param type what happened to the object
   * @param object the object as that commit stored it; for {@link Type#DELETED}, as it was last
   *     stored
   * @param revision the store revision of the commit that made the change; every change of one
   *     commit has the same revision
   */
  public Change {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(object, "object");
  }
}
