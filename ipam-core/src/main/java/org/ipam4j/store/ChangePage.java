package org.ipam4j.store;

import java.util.List;
import org.ipam4j.watch.Change;

/**
 * Changes a store read from its change log: whole commits, in revision order.
 *
 * @param changes the changes of every commit after the revision asked for, up to {@code through}
 * @param through every commit up to this revision is in {@code changes} (or made no change a
 *     watcher sees); the next read starts after it
 * @since 0.1
 */
public record ChangePage(List<Change> changes, long through) {

  /**
   * Copies the list.
   *
   * @param changes the changes of every commit after the revision asked for, up to {@code through}
   * @param through every commit up to this revision is in {@code changes} (or made no change a
   *     watcher sees); the next read starts after it
   */
  public ChangePage {
    changes = List.copyOf(changes);
  }
}
