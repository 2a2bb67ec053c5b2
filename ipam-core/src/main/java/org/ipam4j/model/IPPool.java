package org.ipam4j.model;

import java.util.Objects;

/** A pool of address space that claims draw from ({@code kind: IPPool}, short name {@code ippool}). */
public record IPPool(ObjectMeta metadata, IPPoolSpec spec, IPPoolStatus status)
    implements IpamObject {

  public IPPool {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
  }

  /** A new pool, as a user writes it: no status yet. */
  public static IPPool of(String project, String name, IPPoolSpec spec) {
    return new IPPool(ObjectMeta.of(project, name), spec, IPPoolStatus.empty());
  }

  @Override
  public Kind kind() {
    return Kind.IPPool;
  }

  @Override
  public IPPool withMetadata(ObjectMeta newMetadata) {
    return new IPPool(newMetadata, spec, status);
  }

  public IPPool withSpec(IPPoolSpec newSpec) {
    return new IPPool(metadata, newSpec, status);
  }

  public IPPool withStatus(IPPoolStatus newStatus) {
    return new IPPool(metadata, spec, newStatus);
  }

  public IPPool withLabels(java.util.Map<String, String> labels) {
    return new IPPool(metadata.withLabels(labels), spec, status);
  }
}
