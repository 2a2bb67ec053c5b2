package org.ipam4j.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ipam4j.model.Kind;
import org.ipam4j.watch.Change;

/**
 * The in-memory store's change log: its commits, oldest first, as long as retention keeps them.
 * Revisions are dense here, so the commit after a revision sits at a known offset. Not thread-safe:
 * the store calls it under its commit lock.
 */
final class MemoryChangeLog {

  /** One commit. */
  private record Commit(long revision, long atMillis, List<Change> changes) {}

  private final ChangeRetention retention;

  /** The commits, oldest first, from index {@link #head} (earlier slots are dropped ones). */
  private final List<Commit> commits = new ArrayList<>();

  private int head;

  /** The oldest revision the log still has. */
  private long oldestKept = 1;

  MemoryChangeLog(ChangeRetention retention) {
    this.retention = java.util.Objects.requireNonNull(retention, "retention");
  }

  /** Appends commit {@code revision} and drops what retention lets go. */
  void append(long revision, List<Change> changes) {
    long now = System.currentTimeMillis();
    commits.add(new Commit(revision, now, changes));
    while (head < commits.size()) {
      Commit oldest = commits.get(head);
      if (!retention.expired(oldest.revision(), oldest.atMillis(), revision, now)) {
        break;
      }
      commits.set(head++, null);
      oldestKept = oldest.revision() + 1;
    }
    if (head > 1024 && head > commits.size() / 2) {
      commits.subList(0, head).clear();
      head = 0;
    }
  }

  /**
   * The wanted changes of at most {@code maxCommits} commits after {@code after}.
   *
   * @param latest the store's revision, which the page has seen once it reaches the log's end
   * @throws org.ipam4j.ExpiredException if changes after {@code after} are no longer kept
   */
  ChangePage after(
      long after, int maxCommits, Set<Kind> kinds, Optional<String> project, long latest) {
    if (after < oldestKept - 1) {
      throw org.ipam4j.ExpiredException.pruned(after, oldestKept);
    }
    int from = head + (int) Math.max(0, Math.min(after + 1 - oldestKept, commits.size()));
    int to = Math.min(commits.size(), from + maxCommits);
    List<Change> out = new ArrayList<>();
    long through = after;
    for (int i = from; i < to; i++) {
      Commit commit = commits.get(i);
      for (Change c : commit.changes()) {
        if (kinds.contains(c.object().kind())
            && (project.isEmpty() || project.get().equals(c.object().metadata().project()))) {
          out.add(c);
        }
      }
      through = commit.revision();
    }
    return new ChangePage(out, Math.max(through, to == commits.size() ? latest : through));
  }
}
