package org.ipam4j.store;

import java.util.Objects;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/** Names one stored object: its kind, project and name. */
public record ObjectKey(Kind kind, String project, String name) {

  public ObjectKey {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(name, "name");
  }

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
