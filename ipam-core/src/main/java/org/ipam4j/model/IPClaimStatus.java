package org.ipam4j.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.net.Cidr;

/**
 * What the engine did with a claim. {@code allocatedCIDR} and {@code boundAllocationRef} are set
 * once it is {@code Bound}.
 */
public record IPClaimStatus(
    ClaimPhase phase,
    Optional<Cidr> allocatedCIDR,
    Optional<LocalRef> boundAllocationRef,
    List<Condition> conditions) {

  private static final IPClaimStatus EMPTY =
      new IPClaimStatus(ClaimPhase.Pending, Optional.empty(), Optional.empty(), List.of());

  public IPClaimStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    Objects.requireNonNull(boundAllocationRef, "boundAllocationRef");
    conditions = List.copyOf(conditions);
  }

  public static IPClaimStatus empty() {
    return EMPTY;
  }
}
