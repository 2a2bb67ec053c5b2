package org.ipam4j.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ipam4j.net.Cidr;

/**
 * What the engine did with a claim. {@code allocatedCIDR}, {@code boundAllocationRef} and {@code
 * poolRef} are set once it is {@code Bound}.
 *
 * @param phase {@code Pending} until a block is assigned, then {@code Bound}
 * @param allocatedCIDR the block the claim holds
 * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
 * @param conditions the claim's conditions: {@code Ready}, and why it waits when it does
 * @param poolRef the pool the block was drawn from (resolved, where the spec may name a selector);
 *     {@code projectRef} is set when it is in another project
 */
public record IPClaimStatus(
    ClaimPhase phase,
    Optional<Cidr> allocatedCIDR,
    Optional<LocalRef> boundAllocationRef,
    List<Condition> conditions,
    Optional<PoolRef> poolRef) {

  private static final IPClaimStatus EMPTY =
      new IPClaimStatus(
          ClaimPhase.Pending, Optional.empty(), Optional.empty(), List.of(), Optional.empty());

  /**
   * Checks that no component is null, and copies {@code conditions}.
   *
   * @param phase {@code Pending} until a block is assigned, then {@code Bound}
   * @param allocatedCIDR the block the claim holds
   * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
   * @param conditions the claim's conditions: {@code Ready}, and why it waits when it does
   * @param poolRef the pool the block was drawn from
   */
  public IPClaimStatus {
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(allocatedCIDR, "allocatedCIDR");
    Objects.requireNonNull(boundAllocationRef, "boundAllocationRef");
    conditions = List.copyOf(conditions);
    Objects.requireNonNull(poolRef, "poolRef");
  }

  /**
   * A status that names no pool (a claim waiting, or one read from a release that did not record
   * the pool).
   *
   * @param phase {@code Pending} until a block is assigned, then {@code Bound}
   * @param allocatedCIDR the block the claim holds
   * @param boundAllocationRef the IPAllocation, in the claim's project, that records the block
   * @param conditions the claim's conditions
   */
  public IPClaimStatus(
      ClaimPhase phase,
      Optional<Cidr> allocatedCIDR,
      Optional<LocalRef> boundAllocationRef,
      List<Condition> conditions) {
    this(phase, allocatedCIDR, boundAllocationRef, conditions, Optional.empty());
  }

  /**
   * The start of the {@code Ready} message of every claim ipam4j binds; the pool's name follows.
   */
  private static final String BOUND_TO = "bound to a block of IPPool ";

  /**
   * One message string per pool name, shared by its claims: each claim held in memory would keep
   * its own copy otherwise (the block itself is {@code allocatedCIDR}).
   */
  private static final ConcurrentHashMap<String, String> BOUND_MESSAGES = new ConcurrentHashMap<>();

  private static String boundMessage(String poolName) {
    String message = BOUND_MESSAGES.get(poolName);
    if (message == null) {
      if (BOUND_MESSAGES.size() >= 4096) {
        BOUND_MESSAGES.clear();
      }
      message = BOUND_MESSAGES.computeIfAbsent(poolName, n -> BOUND_TO + n);
    }
    return message;
  }

  /**
   * The status of a claim ipam4j bound at {@code at}: {@code Bound} to {@code block}, recorded by
   * {@code allocationName}, drawn from {@code pool}, with a {@code Ready} condition (reason {@code
   * Bound}) since then.
   *
   * @param block the block the claim holds
   * @param allocationName the IPAllocation, in the claim's project, that records the block
   * @param pool the pool drawn from, relative to the claim's project; must be present (an {@code
   *     Optional} so that a claim held in memory can share the one its spec already has)
   * @param generation the claim's {@code metadata.generation} that was bound
   * @param at when the claim was bound
   * @return the status every claim has when ipam4j binds it
   */
  public static IPClaimStatus bound(
      Cidr block, String allocationName, Optional<PoolRef> pool, long generation, Instant at) {
    return new IPClaimStatus(
        ClaimPhase.Bound,
        Optional.of(block),
        Optional.of(new LocalRef(allocationName)),
        List.of(
            new Condition(
                "Ready",
                ConditionStatus.True,
                "Bound",
                boundMessage(pool.orElseThrow().name()),
                at,
                generation)),
        pool);
  }

  /**
   * Whether this is the status of a claim ipam4j bound at {@code at} in its generation {@code
   * generation}, as {@code equals(bound(...))} of its own block, allocation and pool, but without
   * making that status: a store asks it of every claim it writes.
   *
   * @param at when the claim was bound
   * @param generation the claim's generation that was bound
   * @return {@code true} if this status equals {@link #bound} of its own block, allocation and pool
   *     at {@code at} and {@code generation}
   */
  public boolean isBoundSince(Instant at, long generation) {
    if (phase != ClaimPhase.Bound
        || allocatedCIDR.isEmpty()
        || boundAllocationRef.isEmpty()
        || poolRef.isEmpty()
        || conditions.size() != 1) {
      return false;
    }
    Condition c = conditions.get(0);
    String pool = poolRef.get().name();
    String message = c.message();
    return c.type().equals("Ready")
        && c.status() == ConditionStatus.True
        && c.reason().equals("Bound")
        && message.length() == BOUND_TO.length() + pool.length()
        && message.startsWith(BOUND_TO)
        && message.endsWith(pool)
        && c.lastTransitionTime().equals(at)
        && c.observedGeneration() == generation;
  }

  /**
   * {@code status.address}, as the reference server has it: the single address a {@code /32} or
   * {@code /128} claim holds, without its prefix length. Derived from {@code allocatedCIDR}.
   *
   * @return the address, or empty for a wider block or an unbound claim
   */
  public Optional<String> address() {
    if (allocatedCIDR.isEmpty()) {
      return Optional.empty();
    }
    Cidr block = allocatedCIDR.get();
    if (block.prefixLength() != block.family().bits()) {
      return Optional.empty();
    }
    String text = block.toString();
    return Optional.of(text.substring(0, text.indexOf('/')));
  }

  /**
   * The status of a claim the engine has not seen yet.
   *
   * @return {@code Pending}, with no block and no conditions
   */
  public static IPClaimStatus empty() {
    return EMPTY;
  }

  /**
   * Whether this is the status of a claim the engine has not seen yet, as {@code equals(empty())},
   * but component by component: a record's generated {@code equals} costs a short-lived process
   * (one {@code ipamctl} command) the set-up of its method handles on first use.
   *
   * @return {@code true} if this status equals {@link #empty()}
   */
  public boolean isEmpty() {
    return this == EMPTY
        || (phase == ClaimPhase.Pending
            && allocatedCIDR.isEmpty()
            && boundAllocationRef.isEmpty()
            && conditions.isEmpty()
            && poolRef.isEmpty());
  }
}
