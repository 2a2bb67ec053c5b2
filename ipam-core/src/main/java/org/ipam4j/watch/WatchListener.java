package org.ipam4j.watch;

import org.ipam4j.ExpiredException;

/**
 * What a watch tells its listener, one call at a time and in order, never two at once. A listener
 * that throws is logged and goes on receiving; a listener that stays too far behind is told {@link
 * #onExpired} and hears nothing more.
 *
 * <p>Only {@link #onChange} must be written, so a lambda will do: {@code engine.watch(request,
 * change -> ...)}.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface WatchListener {

  /**
   * One change, in revision order. A watch that started with a list first delivers each object that
   * existed as an {@link Change.Type#ADDED} change (in key order, at the object's own revision),
   * then {@link #onSynced}, then the changes after the list's revision.
   *
   * @param change the change
   */
  void onChange(Change change);

  /**
   * The list a watch started with is complete: every object that existed at {@code revision} has
   * been delivered, and every later change will be. A controller that resumes after a restart
   * passes the revision of the last call it handled (this one or a change's) to {@link
   * WatchRequest#fromRevision}.
   *
   * @param revision the store revision the list reflects exactly
   */
  default void onSynced(long revision) {}

  /**
   * The watch cannot go on: the revision it would resume from is older than the store keeps
   * changes, or the listener fell further behind than the watch's backlog allows. No call follows;
   * list again ({@link WatchRequest#listFirst()}) to resynchronize, as a Kubernetes informer does
   * on {@code 410 Gone}.
   *
   * @param reason which revision was wanted and what the store still keeps
   */
  default void onExpired(ExpiredException reason) {}
}
