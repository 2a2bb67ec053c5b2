package org.ipam4j.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.PoolRef;
import org.ipam4j.model.PoolSelector;

/**
 * What a waiting claim waits on, as one short key a store can index, so that a change to one pool
 * looks only at the claims that could draw from it ({@link IpamStore#pendingClaims(List)}).
 *
 * <p>A claim by {@code poolRef} waits on that pool: {@code project/name}. A claim by selector waits
 * on the pools of the selector's project that carry the smallest of its {@code matchLabels}: {@code
 * project/=key=value}; one without {@code matchLabels} on every pool of that project: {@code
 * project/*}. A pool is waited on through its own key, its project's {@code *} and one key per
 * label ({@link #ofPool}), so a claim that could ever use a pool has one of the pool's keys; the
 * reverse need not hold (the rest of the selector, the family, the prefix length and access are
 * checked when the claim is tried). Names and label keys cannot hold {@code =} or {@code *}, so no
 * two kinds of key meet.
 */
public final class WaitKeys {

  private WaitKeys() {}

  /**
   * The key a claim waits on, derived from its spec alone (which never changes).
   *
   * @param claim a claim
   * @return {@code project/name}, {@code project/=key=value} or {@code project/*}
   */
  public static String of(IPClaim claim) {
    String project = claim.metadata().project();
    if (claim.spec().poolRef().isPresent()) {
      PoolRef ref = claim.spec().poolRef().get();
      return ref.projectOr(project) + "/" + ref.name();
    }
    PoolSelector selector = claim.spec().poolSelector().orElseThrow();
    String poolProject = selector.projectOr(project);
    Map<String, String> labels = selector.matchLabels();
    if (labels.isEmpty()) {
      return poolProject + "/*";
    }
    String first = null;
    for (String key : labels.keySet()) {
      if (first == null || key.compareTo(first) < 0) {
        first = key;
      }
    }
    return poolProject + "/=" + first + "=" + labels.get(first);
  }

  /**
   * Every key under which a claim that could draw from {@code pool} waits.
   *
   * @param pool a pool
   * @return the pool's own key, its project's {@code *} key and one key per label
   */
  public static List<String> ofPool(IPPool pool) {
    String project = pool.metadata().project();
    List<String> keys = new ArrayList<>(2 + pool.metadata().labels().size());
    keys.add(project + "/" + pool.metadata().name());
    keys.add(project + "/*");
    pool.metadata().labels().forEach((k, v) -> keys.add(project + "/=" + k + "=" + v));
    return keys;
  }
}
