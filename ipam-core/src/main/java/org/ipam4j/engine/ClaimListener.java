package org.ipam4j.engine;

import java.time.Duration;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;

/**
 * Told what one engine did with claims, for metrics and audit: binds, releases and refusals this
 * engine committed or answered, whichever of its methods did them (an apply, a set, a delete, or a
 * waiting claim bound later). Other engines' work on a shared store is theirs to tell; a watch
 * ({@link IpamEngine#watch}) sees every writer's.
 *
 * <p>Calls come on the thread that did the work, after its commit and after its locks are let go,
 * so a listener holds up only its caller; it must be quick and thread-safe. What a listener throws
 * is logged and dropped: the work it was told of is done. Every method has a default that does
 * nothing, so a listener writes only what it needs.
 *
 * @since 0.1
 */
public interface ClaimListener {

  /**
   * A claim got its block in a commit of this engine: a new claim, a waiting one, or one re-bound
   * to its retained block.
   *
   * @param claim the claim as stored, {@code Bound}
   * @param allocation its allocation as stored: the block, and the pool it came from ({@code
   *     spec.poolRef}, whose project is the allocation's own unless it names one)
   */
  default void bound(IPClaim claim, IPAllocation allocation) {}

  /**
   * A block held for a claim went back to its pool in a commit of this engine: its claim was
   * deleted under reclaim policy {@code Delete}, or its retained allocation was deleted. (A claim
   * deleted under {@code Retain} keeps its block, and is not a release.)
   *
   * @param allocation the allocation as it was last stored
   */
  default void released(IPAllocation allocation) {}

  /**
   * This engine refused a claim: nothing of it was stored.
   *
   * @param claim the claim as given
   * @param error why, as thrown to the caller (its type is the reason)
   */
  default void refused(IPClaim claim, IpamException error) {}

  /**
   * One {@link IpamEngine#applyClaim} call returned.
   *
   * @param applied the claim as stored, {@code Bound} or {@code Pending}, and the outcome
   * @param took how long the call took
   */
  default void applied(Applied<IPClaim> applied, Duration took) {}
}
