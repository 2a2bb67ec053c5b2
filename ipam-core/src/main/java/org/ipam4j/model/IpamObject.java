package org.ipam4j.model;

/** An object of the API: an {@link IPPool}, an {@link IPClaim} or an {@link IPAllocation}. */
public sealed interface IpamObject permits IPPool, IPClaim, IPAllocation {

  ObjectMeta metadata();

  Kind kind();

  /** The same object with new metadata (used by stores to set {@code resourceVersion}). */
  IpamObject withMetadata(ObjectMeta metadata);
}
