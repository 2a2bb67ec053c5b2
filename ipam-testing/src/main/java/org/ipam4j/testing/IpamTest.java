package org.ipam4j.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives a JUnit Jupiter test an {@link org.ipam4j.engine.IpamEngine} that holds the YAML fixtures
 * named, fresh for each test and closed after it, in the style of Testcontainers'
 * {@code @Testcontainers} or WireMock's {@code @WireMockTest}:
 *
 * <pre>{@code
 * @IpamTest(fixtures = "ipam/pools.yaml")
 * class TenantServiceTest {
 *   @Test
 *   void givesEachTenantASubnet(IpamEngine engine) {
 *     ...
 *   }
 * }
 * }</pre>
 *
 * <p>The engine is injected into a parameter of type {@code IpamEngine} of a test, {@code
 * BeforeEach} or {@code AfterEach} method, and into every field of that type annotated {@link
 * InjectEngine}. On a method, the annotation replaces the class's for that test. With {@link
 * #shared()} on the class, one engine serves every test of the class (and its {@code BeforeAll}
 * methods), created before the first and closed after the last.
 *
 * <p>The fixtures are applied as one set: all or nothing, pools before claims. A fixture that does
 * not load fails the test with an {@link org.ipam4j.IpamException} naming the resource, document
 * and line. Only Jupiter's API is used, so the extension runs on JUnit 5 and 6.
 *
 * @since 0.1
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(IpamExtension.class)
public @interface IpamTest {

  /**
   * Class-path resources holding YAML manifests, read with the thread's context class loader and
   * applied in order as one set; a leading {@code /} is ignored.
   *
   * @return the resource names; none for an empty engine
   */
  String[] fixtures() default {};

  /**
   * Where the engine keeps its objects.
   *
   * @return {@link Store#MEMORY} unless set
   */
  Store store() default Store.MEMORY;

  /**
   * Who may claim from another project's shared pool.
   *
   * @return {@link Access#POOL_ANNOTATION} unless set, as {@code ipamctl} decides
   */
  Access access() default Access.POOL_ANNOTATION;

  /**
   * Whether a claim that cannot be bound fails instead of waiting as {@code Pending}; then a
   * fixture claim that cannot be bound fails the test, naming its line.
   *
   * @return false unless set
   */
  boolean failWhenExhausted() default false;

  /**
   * A fixed time for the engine's clock, as an ISO-8601 instant ({@code 2026-01-01T00:00:00Z}), so
   * that timestamps are the same in every run.
   *
   * @return empty for the system clock, unless set
   */
  String clock() default "";

  /**
   * The project of fixture objects whose manifest has no {@code metadata.namespace}.
   *
   * @return {@code default} unless set
   */
  String defaultProject() default "default";

  /**
   * On a test class: one engine for every test of the class, instead of one per test. A test method
   * with an {@code @IpamTest} of its own still gets its own engine.
   *
   * @return false unless set
   */
  boolean shared() default false;

  /** Where a test's engine keeps its objects. */
  enum Store {
    /** A new in-memory store. */
    MEMORY,
    /**
     * A new SQLite file in a temporary folder, deleted after the engine closes. Needs {@code
     * org.ipam4j:ipam-jdbc} and {@code org.xerial:sqlite-jdbc} on the test class path.
     */
    SQLITE
  }

  /** Who may claim from another project's shared pool. */
  enum Access {
    /**
     * The projects a shared pool names in its annotation {@code ipam.miloapis.com/allowed-projects}
     * ({@code *} for all), as {@code ipamctl} allows them.
     */
    POOL_ANNOTATION,
    /** No project: the engine's own default. */
    DENY_ALL,
    /** Every project. */
    ALLOW_ALL
  }
}
