package org.ipam4j.engine;

import java.util.Objects;
import org.ipam4j.IpamException;
import org.ipam4j.model.IpamObject;

/**
 * Why one object of a set could not be applied.
 *
 * @param index the object's position in the set as given
 * @param object the object as given
 * @param error what is wrong, as {@link IpamEngine#applyPool}/{@link IpamEngine#applyClaim} would
 *     have thrown it for that object alone
 */
public record Problem(int index, IpamObject object, IpamException error) {

  /**
   * Checks that no component is null.
   *
   * @param index the object's position in the set as given
   * @param object the object as given
   * @param error what is wrong, as {@link IpamEngine#applyPool}/{@link IpamEngine#applyClaim} would
   *     have thrown it for that object alone
   */
  public Problem {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(error, "error");
  }

  /** {@code objects[2] IPClaim team-a/web: spec.prefixLength: ...}. */
  @Override
  public String toString() {
    return "objects["
        + index
        + "] "
        + object.kind()
        + " "
        + object.metadata().key()
        + ": "
        + error.getMessage();
  }
}
