package org.ipam4j.internal;

import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.Kind;
import org.ipam4j.model.ObjectMeta;

/**
 * An object's metadata and kind, read without an interface call. {@link IpamObject#metadata()} has
 * three implementations that all reach the hot paths (a plan's keys, a store's commit), so each
 * such call site is megamorphic: the JIT neither inlines it nor the record accessor behind it. A
 * test of the final record class is a compare of the class word, after which the accessor inlines.
 */
public final class Parts {

  private Parts() {}

  /** {@code object.metadata()}. */
  public static ObjectMeta metadata(IpamObject object) {
    if (object instanceof IPClaim c) {
      return c.metadata();
    }
    if (object instanceof IPAllocation a) {
      return a.metadata();
    }
    if (object instanceof IPPool p) {
      return p.metadata();
    }
    return object.metadata();
  }

  /** {@code object.withMetadata(metadata)}. */
  public static IpamObject withMetadata(IpamObject object, ObjectMeta metadata) {
    if (object instanceof IPClaim c) {
      return c.withMetadata(metadata);
    }
    if (object instanceof IPAllocation a) {
      return a.withMetadata(metadata);
    }
    if (object instanceof IPPool p) {
      return p.withMetadata(metadata);
    }
    return object.withMetadata(metadata);
  }

  /** {@code object.kind()}. */
  public static Kind kind(IpamObject object) {
    if (object instanceof IPClaim) {
      return Kind.IPClaim;
    }
    if (object instanceof IPAllocation) {
      return Kind.IPAllocation;
    }
    if (object instanceof IPPool) {
      return Kind.IPPool;
    }
    return object.kind();
  }
}
