package org.ipam4j.store;

import java.util.Objects;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/** One write of a {@link IpamStore#commit} change set, guarded by the version the writer read. */
public sealed interface Write permits Write.Put, Write.Delete {

  Kind kind();

  String project();

  String name();

  /** The {@code resourceVersion} the object must still have; 0 means it must not exist. */
  long expectedVersion();

  /** Create ({@code expectedVersion} 0) or replace an object. */
  record Put(IpamObject object, long expectedVersion) implements Write {
    public Put {
      Objects.requireNonNull(object, "object");
    }

    /** A create: the object must not exist yet. */
    public static Put create(IpamObject object) {
      return new Put(object, 0);
    }

    /** A replace of the version the object was read at. */
    public static Put replace(IpamObject object) {
      return new Put(object, object.metadata().resourceVersion());
    }

    @Override
    public Kind kind() {
      return object.kind();
    }

    @Override
    public String project() {
      return object.metadata().project();
    }

    @Override
    public String name() {
      return object.metadata().name();
    }
  }

  /** Remove an object that still has {@code expectedVersion}. */
  record Delete(Kind kind, String project, String name, long expectedVersion) implements Write {
    public Delete {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(name, "name");
    }

    public static Delete of(IpamObject object) {
      return new Delete(
          object.kind(),
          object.metadata().project(),
          object.metadata().name(),
          object.metadata().resourceVersion());
    }
  }
}
