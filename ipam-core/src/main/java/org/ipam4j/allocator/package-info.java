/**
 * The buddy-allocator prefix tree: {@link org.ipam4j.allocator.PrefixAllocator} hands out aligned
 * blocks of one pool's address space by {@link org.ipam4j.allocator.Strategy} and reports exact
 * {@link org.ipam4j.allocator.PoolUsage}.
 */
@NullMarked
package org.ipam4j.allocator;

import org.jspecify.annotations.NullMarked;
