package org.ipam4j.allocator;

/**
 * How a free block is chosen for a claim, spelled as the v1alpha1 API spells it. Every strategy
 * hands out aligned blocks of the requested length; they differ only in which free one.
 *
 * <p>Measured over long random histories of claims and releases of mixed sizes ({@code
 * FragmentationStudy} in {@code benchmarks}; figures in its README): {@link #BestFit} refused the
 * fewest requests that the pool had room for on every mix; {@link #FirstFit} refused more on four
 * mixes of five (980 against 368 of 209,362 requests in a pool kept 95 % full), and {@link
 * #LeastUtilized} 5 to 20 % of all requests.
 */
public enum Strategy {
  /**
   * The lowest-address aligned block that fits. The default. The same block as the reference
   * server's FirstFit, always.
   */
  FirstFit,
  /**
   * The smallest free aligned block that fits (buddy best fit), then its lowest-address part;
   * lowest address among equals. Keeps large aligned blocks whole for large claims.
   *
   * <p>The reference server's BestFit differs: it takes the smallest free <em>run</em> of addresses
   * (aligned or not) that holds an aligned block of the length, and the first such block in it.
   * Example: in a /20 with 10.0.4.0/23 taken, a /27 is 10.0.6.0/27 here (the free /23 is smaller
   * than the free /22 before it) and 10.0.0.0/27 there (the 1,024-address run before the taken
   * block is shorter than the 2,560-address run after it). Measured over the same histories, this
   * BestFit refused as many or fewer requests with room on every mix (37 against 116 on /22-/28
   * claims evenly mixed) and left the free space in as few or fewer blocks.
   */
  BestFit,
  /**
   * The emptiest part of the pool: the largest free aligned block (the largest wholly empty
   * subtree), lowest address on ties, so consecutive claims land far apart and each has room to
   * grow (a worst fit).
   *
   * <p>The reference server means something else: the pool's CIDR with the most free space, then
   * FirstFit in it; a pool with one CIDR, as every ipam4j pool is, gets FirstFit's blocks.
   * Spreading claims costs large requests dearly: in the measured histories it refused 5 to 20 % of
   * all requests while the pool had room for them, where FirstFit refused under 0.5 %. Choose it
   * only for pools of equal-sized claims that must stay far apart.
   */
  LeastUtilized
}
