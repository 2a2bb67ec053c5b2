/**
 * ipam4j for tests. {@link org.ipam4j.testing.IpamTest} on a JUnit Jupiter test class or method
 * gives each test a fresh {@link org.ipam4j.engine.IpamEngine} holding YAML fixtures; {@link
 * org.ipam4j.testing.IpamFixtures} builds the same engines without JUnit; {@link
 * org.ipam4j.testing.IpamStoreContract} is the suite every store passes.
 */
@NullMarked
package org.ipam4j.testing;

import org.jspecify.annotations.NullMarked;
