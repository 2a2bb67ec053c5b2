package org.ipam4j.store;

import java.util.Objects;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/**
 * Names one stored object: its kind, project and name.
 *
 * @param kind the object's kind
 * @param project its project
 * @param name its name
 */
public record ObjectKey(Kind kind, String project, String name) {

  /**
   * Checks that no component is null.
   *
   * @param kind the object's kind
   * @param project its project
   * @param name its name
   */
  public ObjectKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(name, "name");
  }

  /**
   * The key of an object of a model class.
   *
   * @param type {@code IPPool.class}, {@code IPClaim.class} or {@code IPAllocation.class}
   * @param project the object's project
   * @param name its name
   * @return the key
   */
  public static ObjectKey of(Class<? extends IpamObject> type, String project, String name) {
    return new ObjectKey(Kind.of(type), project, name);
  }

  // Written out: keys are hashed and compared on every read and write of a plan, and the
  // generated record methods cost more there than the rest of a lookup.
  @Override
  public boolean equals(Object other) {
    return other instanceof ObjectKey k
        && kind == k.kind
        && name.equals(k.name)
        && project.equals(k.project);
  }

  @Override
  public int hashCode() {
    return (kind.ordinal() * 31 + project.hashCode()) * 31 + name.hashCode();
  }
}
