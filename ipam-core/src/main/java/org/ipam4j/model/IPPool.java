package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.Cidr;

/**
 * A pool of address space that claims draw from ({@code kind: IPPool}, short name {@code ippool}).
 */
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

  /**
   * The block this pool owns in its project's address space, if it is a root pool: its {@code
   * status.allocatedCIDR}, or, before it has one, its {@code spec.cidr} when that parses. Root
   * pools of one project never overlap; every store refuses a commit that would break that.
   */
  public Optional<Cidr> rootBlock() {
    if (spec.isChild()) {
      return Optional.empty();
    }
    return status.allocatedCIDR().or(() -> spec.cidr().flatMap(Cidr::tryParse));
  }

  public IPPool withLabels(java.util.Map<String, String> labels) {
    return new IPPool(metadata.withLabels(labels), spec, status);
  }
}
