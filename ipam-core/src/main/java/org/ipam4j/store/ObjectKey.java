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
}
