package org.ipam4j.watch;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.ipam4j.InvalidException;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/**
 * What a watch delivers and where it starts. Built from one of three starts, then narrowed:
 *
 * <pre>{@code
 * WatchRequest.listFirst().kinds(Kind.IPClaim).project("team-a")  // list, then changes
 * WatchRequest.fromRevision(lastSeen)                             // resume after a restart
 * WatchRequest.fromNow()                                          // only what happens next
 * }</pre>
 *
 * @param kinds the kinds delivered; never empty
 * @param project the one project delivered, or empty for all
 * @param start where the watch starts: empty to list first, else the revision after which changes
 *     are delivered
 * @param startsNow whether the watch starts at the store's revision when it begins (then {@code
 *     start} is empty)
 * @param backlog how many changes may wait for a slow listener before the watch expires
 * @since 0.1
 */
public record WatchRequest(
    Set<Kind> kinds, Optional<String> project, OptionalLong start, boolean startsNow, int backlog) {

  /** How many changes may wait for a listener unless {@link #backlog(int)} says otherwise. */
  public static final int DEFAULT_BACKLOG = 100_000;

  /**
   * Checks the components. *
   *
   * @param kinds the kinds delivered; never empty
   * @param project the one project delivered, or empty for all
   * @param start where the watch starts: empty to list first, else the revision after which changes
   *     are delivered
   * @param startsNow whether the watch starts at the store's revision when it begins (then {@code
   *     start} is empty)
   * @param backlog how many changes may wait for a slow listener before the watch expires
   * @throws InvalidException if no kind is given, the start revision is negative, a start is given
   *     with {@code startsNow}, or the backlog is not positive
   */
  public WatchRequest {
    kinds = Set.copyOf(kinds);
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(start, "start");
    if (kinds.isEmpty()) {
      throw new InvalidException("kinds", "a watch needs at least one kind");
    }
    if (start.isPresent() && start.getAsLong() < 0) {
      throw new InvalidException("start", start.getAsLong() + " is not a revision");
    }
    if (startsNow && start.isPresent()) {
      throw new InvalidException("start", "a watch from now has no start revision");
    }
    if (backlog <= 0) {
      throw new InvalidException("backlog", backlog + " must be positive");
    }
  }

  /**
   * Lists what exists (as ADDED changes), says so ({@link WatchListener#onSynced}), then delivers
   * every change after the list: how a controller starts.
   *
   * @return a request for every kind in every project
   */
  public static WatchRequest listFirst() {
    return new WatchRequest(
        EnumSet.allOf(Kind.class), Optional.empty(), OptionalLong.empty(), false, DEFAULT_BACKLOG);
  }

  /**
   * Delivers every change committed after {@code revision}, with no list: how a controller resumes
   * from the last revision it handled. A revision older than the store keeps is {@link
   * WatchListener#onExpired}.
   *
   * @param revision the last revision already handled (0 for every change the store keeps)
   * @return a request for every kind in every project
   */
  public static WatchRequest fromRevision(long revision) {
    return new WatchRequest(
        EnumSet.allOf(Kind.class),
        Optional.empty(),
        OptionalLong.of(revision),
        false,
        DEFAULT_BACKLOG);
  }

  /**
   * Delivers the changes committed after the watch begins, with no list.
   *
   * @return a request for every kind in every project
   */
  public static WatchRequest fromNow() {
    return new WatchRequest(
        EnumSet.allOf(Kind.class), Optional.empty(), OptionalLong.empty(), true, DEFAULT_BACKLOG);
  }

  /**
   * This request for the given kinds only.
   *
   * @param first a kind
   * @param more other kinds
   * @return the narrowed request
   */
  public WatchRequest kinds(Kind first, Kind... more) {
    return new WatchRequest(EnumSet.of(first, more), project, start, startsNow, backlog);
  }

  /**
   * This request for one project only.
   *
   * @param name the project
   * @return the narrowed request
   */
  public WatchRequest project(String name) {
    return new WatchRequest(
        kinds, Optional.of(Objects.requireNonNull(name, "project")), start, startsNow, backlog);
  }

  /**
   * This request with another backlog: how many changes may wait for a slow listener before the
   * watch expires ({@link #DEFAULT_BACKLOG} unless set).
   *
   * @param changes the most that may wait
   * @return the request
   */
  public WatchRequest backlog(int changes) {
    return new WatchRequest(kinds, project, start, startsNow, changes);
  }

  /**
   * Whether this request delivers changes to the object.
   *
   * @param object an object
   * @return true if its kind and project are asked for
   */
  public boolean matches(IpamObject object) {
    return kinds.contains(object.kind())
        && (project.isEmpty() || project.get().equals(object.metadata().project()));
  }
}
