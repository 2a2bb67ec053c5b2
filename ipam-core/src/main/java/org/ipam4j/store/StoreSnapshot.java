package org.ipam4j.store;

import java.util.List;
import org.ipam4j.model.IpamObject;

/**
 * What a store held at one revision: exactly the objects every commit up to {@code revision} left,
 * and none of a later commit's changes.
 *
 * @param objects the objects asked for, by kind, then project, then name
 * @param revision the revision they reflect
 * @since 0.1
 */
public record StoreSnapshot(List<IpamObject> objects, long revision) {

  /**
   * Copies the list.
   *
   * @param objects the objects asked for, by kind, then project, then name
   * @param revision the revision they reflect
   */
  public StoreSnapshot {
    objects = List.copyOf(objects);
  }
}
