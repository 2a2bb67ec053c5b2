package org.ipam4j.store;

import java.util.Objects;
import org.ipam4j.internal.Parts;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;

/** One write of a {@link IpamStore#commit} change set, guarded by the version the writer read. */
public sealed interface Write permits Write.Put, Write.Delete {

  /**
   * The kind of the object written.
   *
   * @return the kind
   */
  Kind kind();

  /**
   * The project of the object written.
   *
   * @return the project
   */
  String project();

  /**
   * The name of the object written.
   *
   * @return the name
   */
  String name();

  /**
   * The {@code resourceVersion} the object must still have.
   *
   * @return the version; 0 means the object must not exist
   */
  long expectedVersion();

  /**
   * Create ({@code expectedVersion} 0) or replace an object.
   *
   * @param object the object as it is to be stored
   * @param expectedVersion the version it must still have; 0 to create it
   */
  record Put(IpamObject object, long expectedVersion) implements Write {
    /**
     * Checks that the object is not null.
     *
     * @param object the object as it is to be stored
     * @param expectedVersion the version it must still have; 0 to create it
     */
    public Put {
      Objects.requireNonNull(object, "object");
    }

    /**
     * A create: the object must not exist yet.
     *
     * @param object the object
     * @return a put with {@code expectedVersion} 0
     */
    public static Put create(IpamObject object) {
      return new Put(object, 0);
    }

    /**
     * A replace of the version the object was read at.
     *
     * @param object the object, with the {@code resourceVersion} it was read at
     * @return a put that expects that version
     */
    public static Put replace(IpamObject object) {
      return new Put(object, Parts.metadata(object).resourceVersion());
    }

    @Override
    public Kind kind() {
      return Parts.kind(object);
    }

    @Override
    public String project() {
      return Parts.metadata(object).project();
    }

    @Override
    public String name() {
      return Parts.metadata(object).name();
    }
  }

  /**
   * Remove an object that still has {@code expectedVersion}.
   *
   * @param kind the object's kind
   * @param project its project
   * @param name its name
   * @param expectedVersion the version it must still have
   */
  record Delete(Kind kind, String project, String name, long expectedVersion) implements Write {
    /**
     * Checks that no component is null.
     *
     * @param kind the object's kind
     * @param project its project
     * @param name its name
     * @param expectedVersion the version it must still have
     */
    public Delete {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(project, "project");
      Objects.requireNonNull(name, "name");
    }

    /**
     * A delete of the version the object was read at.
     *
     * @param object the object, with the {@code resourceVersion} it was read at
     * @return a delete that expects that version
     */
    public static Delete of(IpamObject object) {
      return new Delete(
          object.kind(),
          object.metadata().project(),
          object.metadata().name(),
          object.metadata().resourceVersion());
    }
  }
}
