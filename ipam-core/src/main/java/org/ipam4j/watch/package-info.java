/**
 * Watching a store's changes, in the manner of Kubernetes' list-then-watch: {@link
 * org.ipam4j.watch.WatchRequest} says what and from where, a {@link org.ipam4j.watch.WatchListener}
 * receives {@link org.ipam4j.watch.Change}s, and a {@link org.ipam4j.watch.Subscription} ends it.
 * Start one with {@link org.ipam4j.engine.IpamEngine#watch}.
 */
@NullMarked
package org.ipam4j.watch;

import org.jspecify.annotations.NullMarked;
