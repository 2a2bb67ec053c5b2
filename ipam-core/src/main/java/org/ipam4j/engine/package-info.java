/**
 * The {@link org.ipam4j.engine.IpamEngine} facade: pools, claims and allocations over a pluggable
 * store, with access control for shared pools, dry runs and watch events.
 */
@NullMarked
package org.ipam4j.engine;

import org.jspecify.annotations.NullMarked;
