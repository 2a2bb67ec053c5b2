package org.ipam4j.model;

import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.Cidr;

/**
 * A pool of address space that claims draw from ({@code kind: IPPool}, short name {@code ippool}).
 *
 * @param metadata the pool's project, name, labels and identity
 * @param spec what the pool is
 * @param status what the engine observed of the pool; empty until it is stored
 */
public record IPPool(ObjectMeta metadata, IPPoolSpec spec, IPPoolStatus status)
    implements IpamObject {

  /**
   * Checks that no component is null.
   *
   * @param metadata the pool's project, name, labels and identity
   * @param spec what the pool is
   * @param status what the engine observed of the pool; empty until it is stored
   */
  public IPPool {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
  }

  /**
   * A new pool, as a user writes it: no status yet.
   *
   * @param project the pool's project
   * @param name the pool's name
   * @param spec what the pool is
   * @return a pool with empty labels, annotations and status
   */
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

  /**
   * This pool with another spec.
   *
   * @param newSpec the spec
   * @return a new pool with the same metadata and status
   */
  public IPPool withSpec(IPPoolSpec newSpec) {
    return new IPPool(metadata, newSpec, status);
  }

  /**
   * This pool with another status.
   *
   * @param newStatus the status
   * @return a new pool with the same metadata and spec
   */
  public IPPool withStatus(IPPoolStatus newStatus) {
    return new IPPool(metadata, spec, newStatus);
  }

  /**
   * The block this pool owns in its project's address space, if it is a root pool: its {@code
   * status.allocatedCIDR}, or, before it has one, its {@code spec.cidr} when that parses. Root
   * pools of one project never overlap; every store refuses a commit that would break that.
   *
   * @return the block, or empty for a child pool or a root pool whose {@code cidr} does not parse
   */
  public Optional<Cidr> rootBlock() {
    if (spec.isChild()) {
      return Optional.empty();
    }
    return status.allocatedCIDR().or(() -> spec.cidr().flatMap(Cidr::tryParse));
  }

  /**
   * This pool with other labels.
   *
   * @param labels the labels, which replace the pool's own
   * @return a new pool with the same spec and status
   */
  public IPPool withLabels(java.util.Map<String, String> labels) {
    return new IPPool(metadata.withLabels(labels), spec, status);
  }
}
