/**
 * The storage SPI: {@link org.ipam4j.store.IpamStore} and its in-memory default. A database store
 * implements the same interface and passes the same contract tests.
 */
@NullMarked
package org.ipam4j.store;

import org.jspecify.annotations.NullMarked;
