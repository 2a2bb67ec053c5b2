package org.ipam4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a field of type {@link org.ipam4j.engine.IpamEngine} of an {@link IpamTest} class, which
 * the extension sets to the test's engine before each test:
 *
 * <pre>{@code
 * @IpamTest(fixtures = "ipam/pools.yaml")
 * class TenantServiceTest {
 *   @InjectEngine IpamEngine engine;
 *   ...
 * }
 * }</pre>
 *
 * @since 0.1
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface InjectEngine {}
