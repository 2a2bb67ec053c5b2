package org.ipam4j.model;

/** An object of the API: an {@link IPPool}, an {@link IPClaim} or an {@link IPAllocation}. */
public sealed interface IpamObject permits IPPool, IPClaim, IPAllocation {

  /**
   * The object's metadata.
   *
   * @return its project, name, labels and the fields the engine and store set
   */
  ObjectMeta metadata();

  /**
   * The object's kind.
   *
   * @return the kind, as written in {@code kind:}
   */
  Kind kind();

  /**
   * The same object with new metadata (used by stores to set {@code resourceVersion}).
   *
   * @param metadata the metadata
   * @return a new object of the same kind, with the same spec and status
   */
  IpamObject withMetadata(ObjectMeta metadata);
}
