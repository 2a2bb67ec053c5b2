package org.ipam4j.model;

import java.util.Map;
import java.util.Objects;

/** A request for a block of address space ({@code kind: IPClaim}, short name {@code ipclaim}). */
public record IPClaim(ObjectMeta metadata, IPClaimSpec spec, IPClaimStatus status)
    implements IpamObject {

  public IPClaim {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(status, "status");
  }

  /** A new claim, as a user writes it: no status yet. */
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

  public IPClaim withSpec(IPClaimSpec newSpec) {
    return new IPClaim(metadata, newSpec, status);
  }

  public IPClaim withStatus(IPClaimStatus newStatus) {
    return new IPClaim(metadata, spec, newStatus);
  }

  public IPClaim withLabels(Map<String, String> labels) {
    return new IPClaim(metadata.withLabels(labels), spec, status);
  }

  public boolean isBound() {
    return status.phase() == ClaimPhase.Bound;
  }
}
