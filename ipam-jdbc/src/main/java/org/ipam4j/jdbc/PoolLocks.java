package org.ipam4j.jdbc;

import java.util.function.Supplier;

/**
 * The locks engines sharing a database take turns by, one per pool, across processes. Only fairness
 * rests on them: commits are version-checked and the database refuses overlaps either way.
 */
interface PoolLocks {

  <T> T withPoolLock(String poolKey, Supplier<T> work);
}
