package org.ipam4j.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.Cidr;

/**
 * The root pools a set's plan writes, by project and block, so that each new root pool is checked
 * against them with one floor lookup. They never overlap each other (each was checked before it was
 * staged), so of those starting at or before a block's end only the last can overlap it.
 */
final class StagedRoots {

  private final Map<String, NavigableMap<Cidr, IPPool>> byProject = new HashMap<>();

  /** Records that a pool's root block went from {@code before} to the pool's own (either empty). */
  void moved(IPPool pool, Optional<Cidr> before) {
    Optional<Cidr> now = pool.rootBlock();
    if (before.isEmpty() && now.isEmpty()) {
      return;
    }
    NavigableMap<Cidr, IPPool> roots =
        byProject.computeIfAbsent(pool.metadata().project(), p -> new TreeMap<>());
    before.ifPresent(roots::remove);
    now.ifPresent(block -> roots.put(block, pool));
  }

  /** Records that a staged pool was deleted. */
  void removed(String project, Optional<Cidr> before) {
    NavigableMap<Cidr, IPPool> roots = byProject.get(project);
    if (roots != null) {
      before.ifPresent(roots::remove);
    }
  }

  /** The staged root pool of the project whose block overlaps {@code block}, if any. */
  Optional<IPPool> overlapping(String project, Cidr block) {
    NavigableMap<Cidr, IPPool> roots = byProject.get(project);
    if (roots == null) {
      return Optional.empty();
    }
    Map.Entry<Cidr, IPPool> last = roots.floorEntry(block.last());
    return last != null && last.getKey().overlaps(block)
        ? Optional.of(last.getValue())
        : Optional.empty();
  }
}
