package org.ipam4j.model;

import java.util.Map;
import java.util.Objects;

/**
 * A request for a block of address space ({@code kind: IPClaim}, short name {@code ipclaim}).
 *
 * @param metadata the claim's project, name, labels and identity
 * @param spec what the claim asks for
 * @param status what the engine observed of the claim; empty until it is stored
 */
public record IPClaim(ObjectMeta metadata, IPClaimSpec spec, IPClaimStatus status)
    implements IpamObject {

  /**
   * Checks that no component is null.
   *
   * @param metadata the claim's project, name, labels and identity
   * @param spec what the claim asks for
   * @param status what the engine observed of the claim; empty until it is stored
   */
  public IPClaim {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
  }

  /**
   * A new claim, as a user writes it: no status yet.
   *
   * @param project the claim's project
   * @param name the claim's name
   * @param spec what it asks for
   * @return a claim with empty labels, annotations and status
   */
  public static IPClaim of(String project, String name, IPClaimSpec spec) {
    return new IPClaim(ObjectMeta.of(project, name), spec, IPClaimStatus.empty());
  }

  @Override
  public Kind kind() {
    return Kind.IPClaim;
  }

  @Override
  public IPClaim withMetadata(ObjectMeta newMetadata) {
    return new IPClaim(newMetadata, spec, status);
  }

  /**
   * This claim with another spec.
   *
   * @param newSpec the spec
   * @return a new claim with the same metadata and status
   */
  public IPClaim withSpec(IPClaimSpec newSpec) {
    return new IPClaim(metadata, newSpec, status);
  }

  /**
   * This claim with another status.
   *
   * @param newStatus the status
   * @return a new claim with the same metadata and spec
   */
  public IPClaim withStatus(IPClaimStatus newStatus) {
    return new IPClaim(metadata, spec, newStatus);
  }

  /**
   * This claim with other labels.
   *
   * @param labels the labels, which replace the claim's own
   * @return a new claim with the same spec and status
   */
  public IPClaim withLabels(Map<String, String> labels) {
    return new IPClaim(metadata.withLabels(labels), spec, status);
  }

  /**
   * Whether the claim holds a block.
   *
   * @return true if its phase is {@code Bound}
   */
  public boolean isBound() {
    return status.phase() == ClaimPhase.Bound;
  }
}
