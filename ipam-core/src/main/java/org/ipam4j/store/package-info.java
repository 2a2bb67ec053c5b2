/**
 * The storage SPI: {@link org.ipam4j.store.IpamStore} and its in-memory default. A database store
 * implements the same interface and passes the same contract tests.
 */
package org.ipam4j.store;
