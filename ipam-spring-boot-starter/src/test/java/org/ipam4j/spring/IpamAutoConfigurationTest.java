package org.ipam4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.ipam4j.InvalidException;
import org.ipam4j.NotFoundException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.jdbc.testsupport.PostgresServer;
import org.ipam4j.micrometer.IpamMetrics;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.net.IpFamily;
import org.ipam4j.store.IpamStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class IpamAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(IpamAutoConfiguration.class));

  @TempDir Path dir;

  private static IPClaim claim(String project, String name, String pool) {
    return IPClaim.of(project, name, IPClaimSpec.fromPool(IpFamily.IPv4, 26, pool));
  }

  private static DataSource dataSource(String url) {
    return new DriverManagerDataSource(url);
  }

  @Test
  void anInMemoryEngineByDefault() {
    runner.run(
        context -> {
          assertThat(context).hasSingleBean(IpamEngine.class).doesNotHaveBean(IpamStore.class);
          IpamEngine engine = context.getBean(IpamEngine.class);
          assertThat(engine.listAllPools()).isEmpty();
        });
  }

  @Test
  void propertiesConfigureTheEngine() {
    runner
        .withPropertyValues(
            "ipam4j.fail-when-exhausted=true",
            "ipam4j.access-policy=pool-annotation",
            "ipam4j.recheck-waiting=0s",
            "ipam4j.bootstrap-manifests=classpath:ipam/shared-pool.yaml")
        .run(
            context -> {
              IpamEngine engine = context.getBean(IpamEngine.class);
              assertThat(
                      engine.getClaim("team-a", "team-a-services").orElseThrow().status().phase())
                  .isEqualTo(ClaimPhase.Bound);
              assertThatThrownBy(() -> engine.applyClaim(claim("team-a", "x", "no-such-pool")))
                  .isInstanceOf(NotFoundException.class);
            });
    runner
        .withPropertyValues("ipam4j.bootstrap-manifests=classpath:ipam/shared-pool.yaml")
        .run(
            context ->
                assertThat(
                        context
                            .getBean(IpamEngine.class)
                            .getClaim("team-a", "team-a-services")
                            .orElseThrow()
                            .status()
                            .phase())
                    .isEqualTo(ClaimPhase.Pending));
  }

  @Test
  void anEngineOfTheApplicationsOwnIsLeftAlone() {
    try (IpamEngine own = IpamEngine.inMemory()) {
      runner
          .withBean(IpamEngine.class, () -> own)
          .run(context -> assertThat(context.getBean(IpamEngine.class)).isSameAs(own));
    }
  }

  @Test
  void theJdbcStoreOnTheApplicationsSqliteDataSource() {
    Path file = dir.resolve("ipam.db");
    runner
        .withBean(DataSource.class, () -> dataSource("jdbc:sqlite:" + file))
        .withPropertyValues(
            "ipam4j.store=jdbc", "ipam4j.bootstrap-manifests=classpath:ipam/pools.yaml")
        .run(
            context -> {
              assertThat(context.getBean(IpamStore.class)).isInstanceOf(JdbcStore.class);
              assertThat(((JdbcStore) context.getBean(IpamStore.class)).dialect().name())
                  .isEqualTo("SQLITE");
              context.getBean(IpamEngine.class).applyClaim(claim("default", "c", "tenants"));
            });
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + file)) {
      assertThat(store.get(IPClaim.class, "default", "c").orElseThrow().isBound()).isTrue();
    }
  }

  @Test
  void theJdbcStoreOnPostgresql() {
    Assumptions.assumeTrue(
        PostgresServer.unavailable().isEmpty() || requirePostgres(),
        () -> "PostgreSQL tests SKIPPED: " + PostgresServer.unavailable().orElse(""));
    String url = PostgresServer.freshDatabaseUrl();
    runner
        .withBean(DataSource.class, () -> dataSource(url))
        .withPropertyValues(
            "ipam4j.store=jdbc",
            "ipam4j.lock-timeout=5s",
            "ipam4j.bootstrap-manifests=classpath:ipam/pools.yaml")
        .run(
            context -> {
              assertThat(((JdbcStore) context.getBean(IpamStore.class)).dialect().name())
                  .isEqualTo("POSTGRESQL");
              assertThat(
                      context
                          .getBean(IpamEngine.class)
                          .applyClaim(claim("default", "c", "tenants"))
                          .object()
                          .isBound())
                  .isTrue();
            });
  }

  private static boolean requirePostgres() {
    return "1".equals(System.getenv("IPAM4J_REQUIRE_POSTGRES"));
  }

  /** Why a context with these settings does not start. */
  private static Throwable whyNotStarted(ApplicationContextRunner runner) {
    Throwable[] cause = new Throwable[1];
    runner.run(context -> cause[0] = context.getStartupFailure());
    assertThat(cause[0]).as("the context's start-up failure").isNotNull();
    Throwable root = cause[0];
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root;
  }

  @Test
  void jdbcWithoutADataSourceOrWithABadLockTimeoutFailsSayingWhy() {
    assertThat(whyNotStarted(runner.withPropertyValues("ipam4j.store=jdbc")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("ipam4j.store: jdbc needs the application's DataSource");
    assertThat(
            whyNotStarted(
                runner
                    .withBean(
                        DataSource.class, () -> dataSource("jdbc:sqlite:" + dir.resolve("t.db")))
                    .withPropertyValues("ipam4j.store=jdbc", "ipam4j.lock-timeout=0s")))
        .isInstanceOf(InvalidException.class)
        .hasMessageContaining("lockTimeout");
  }

  @Test
  void aBadBootstrapManifestFailsTheStartNamingItsLine() {
    assertThat(
            whyNotStarted(
                runner.withPropertyValues("ipam4j.bootstrap-manifests=classpath:ipam/broken.yaml")))
        .isInstanceOf(InvalidException.class)
        .hasMessageStartingWith("classpath:ipam/broken.yaml: document 1, line 4");
    assertThat(
            whyNotStarted(
                runner.withPropertyValues(
                    "ipam4j.bootstrap-manifests=classpath:ipam/missing.yaml")))
        .hasMessage("ipam4j.bootstrap-manifests: \"classpath:ipam/missing.yaml\" does not exist");
  }

  @Test
  void instancesStartingTogetherApplyTheBootstrapOnce() throws Exception {
    String url = "jdbc:sqlite:" + dir.resolve("shared.db");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> started = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        started.add(
            pool.submit(
                () -> {
                  long[] revision = new long[1];
                  runner
                      .withBean(DataSource.class, () -> dataSource(url))
                      .withPropertyValues(
                          "ipam4j.store=jdbc",
                          "ipam4j.bootstrap-manifests=classpath:ipam/pools.yaml")
                      .run(
                          context -> {
                            assertThat(context).hasNotFailed();
                            revision[0] = context.getBean(IpamEngine.class).revision();
                          });
                  return revision[0];
                }));
      }
      for (Future<Long> f : started) {
        assertThat(f.get()).isPositive();
      }
    } finally {
      pool.shutdown();
    }
    try (JdbcStore store = JdbcStore.open(url)) {
      List<IPPool> pools = store.list(IPPool.class, java.util.Optional.empty());
      assertThat(pools).extracting(p -> p.metadata().name()).containsExactly("tenants");
      assertThat(pools.get(0).metadata().generation()).isEqualTo(1);
    }
  }

  @Test
  void theMetricsAreBoundToTheApplicationsRegistry() {
    new ApplicationContextRunner()
        .withConfiguration(
            AutoConfigurations.of(
                MetricsAutoConfiguration.class,
                SimpleMetricsExportAutoConfiguration.class,
                IpamAutoConfiguration.class))
        .withPropertyValues("ipam4j.bootstrap-manifests=classpath:ipam/pools.yaml")
        .run(
            context -> {
              assertThat(context).hasSingleBean(IpamMetrics.class);
              MeterRegistry registry = context.getBean(MeterRegistry.class);
              context.getBean(IpamEngine.class).applyClaim(claim("default", "c", "tenants"));
              long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
              while (registry.find("ipam.pool.addresses.allocated").gauge() == null
                  || registry.find("ipam.pool.addresses.allocated").gauge().value() != 64) {
                assertThat(System.nanoTime()).as("the pool's gauge").isLessThan(deadline);
                Thread.sleep(5);
              }
              assertThat(
                      registry
                          .find("ipam.claims.bound")
                          .tags("project", "default", "pool", "tenants", "family", "IPv4")
                          .counter()
                          .count())
                  .isEqualTo(1);
            });
  }

  @Test
  void withoutMicrometerThereIsNoBinder() {
    runner
        .withClassLoader(new FilteredClassLoader(MeterBinder.class))
        .run(
            context ->
                assertThat(context)
                    .hasSingleBean(IpamEngine.class)
                    .doesNotHaveBean(IpamMetrics.class));
  }

  @Test
  void theHealthIndicatorNamesPoolsPastTheThreshold() {
    runner
        .withPropertyValues(
            "ipam4j.bootstrap-manifests=classpath:ipam/pools.yaml",
            "ipam4j.health.utilization-threshold=0.7")
        .run(
            context -> {
              IpamEngine engine = context.getBean(IpamEngine.class);
              IpamHealthIndicator health = context.getBean(IpamHealthIndicator.class);
              for (int i = 0; i < 3; i++) {
                engine.applyClaim(claim("default", "c" + i, "tenants"));
              }
              Health h = health.health(true);
              assertThat(h.getStatus()).isEqualTo(Status.UP);
              assertThat(h.getDetails())
                  .containsEntry("pools", 1)
                  .containsEntry("waitingClaims", 0)
                  .containsEntry("poolsAboveThreshold", List.of("default/tenants 75.0%"));
              engine.applyClaim(claim("default", "c3", "tenants"));
              engine.applyClaim(claim("default", "late", "tenants"));
              assertThat(health.health(true).getDetails())
                  .containsEntry("waitingClaims", 1)
                  .containsEntry("poolsAboveThreshold", List.of("default/tenants 100.0%"));
            });
    runner
        .withClassLoader(
            new FilteredClassLoader("org.springframework.boot.health.contributor.HealthIndicator"))
        .run(context -> assertThat(context).doesNotHaveBean(IpamHealthIndicator.class));
  }

  @Test
  void idesFindTheProperties() throws Exception {
    String metadata =
        new String(
            getClass()
                .getClassLoader()
                .getResourceAsStream("META-INF/spring-configuration-metadata.json")
                .readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
    for (String property :
        List.of(
            "ipam4j.store",
            "ipam4j.access-policy",
            "ipam4j.lock-timeout",
            "ipam4j.recheck-waiting",
            "ipam4j.fail-when-exhausted",
            "ipam4j.bootstrap-manifests",
            "ipam4j.health.utilization-threshold")) {
      assertThat(metadata).contains("\"name\": \"" + property + "\"");
    }
  }
}
