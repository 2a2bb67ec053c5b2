package org.ipam4j.store;

import java.util.List;
import java.util.Objects;
import org.ipam4j.model.IpamObject;

/**
 * Everything a store holds, for a consistency check: the objects that read back, and the rows that
 * do not (or whose columns disagree with their object).
 *
 * @param objects every object that reads back, ordered by kind, project and name
 * @param badRows every row that does not read back as its object, in the same order
 */
public record StoreContents(List<IpamObject> objects, List<BadRow> badRows) {

  /**
   * Copies both lists.
   *
   * @param objects every object that reads back, ordered by kind, project and name
   * @param badRows every row that does not read back as its object, in the same order
   */
  public StoreContents {
    objects = List.copyOf(objects);
    badRows = List.copyOf(badRows);
  }

  /**
   * A stored row that does not read back as the object its key names.
   *
   * @param kind the row's kind, as stored
   * @param project its project
   * @param name its name
   * @param problem what is wrong with it
   */
  public record BadRow(String kind, String project, String name, String problem) {
    /**
     * Checks that no component is null.
     *
     * @param kind the row's kind, as stored
     * @param project its project
     * @param name its name
     * @param problem what is wrong with it
     */
    public BadRow {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(problem, "problem");
    }
  }
}
