package org.ipam4j.spring;

import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.ipam4j.InvalidException;
import org.ipam4j.StorageException;
import org.ipam4j.engine.AccessPolicy;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.Dialect;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.micrometer.IpamMetrics;
import org.ipam4j.model.IpamObject;
import org.ipam4j.store.IpamStore;
import org.ipam4j.yaml.Manifest;
import org.ipam4j.yaml.Manifests;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * ipam4j in a Spring Boot application: an {@link IpamEngine} bean, in memory by default or, with
 * {@code ipam4j.store=jdbc}, on the application's own {@link DataSource} (SQLite or PostgreSQL,
 * told from the connection); {@link IpamMetrics} as a {@code MeterBinder}; a health indicator named
 * {@code ipam}; and the manifests of {@code ipam4j.bootstrap-manifests} applied at start-up. Each
 * bean steps back for one the application defines.
 *
 * @since 0.1
 */
@AutoConfiguration(
    afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(IpamProperties.class)
public class IpamAutoConfiguration {

  /** Called by Spring. */
  public IpamAutoConfiguration() {}

  /**
   * The store on the application's DataSource, with {@code ipam4j.store=jdbc}: its schema brought
   * up to date, its lock timeout {@code ipam4j.lock-timeout}. The application keeps its pool; the
   * store borrows connections from it.
   *
   * @param properties the {@code ipam4j.*} properties
   * @param dataSource the application's DataSource
   * @return the store, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  @ConditionalOnProperty(prefix = "ipam4j", name = "store", havingValue = "jdbc")
  public IpamStore ipamStore(IpamProperties properties, ObjectProvider<DataSource> dataSource) {
    DataSource source = dataSource.getIfUnique();
    if (source == null) {
      throw new InvalidException(
          "ipam4j.store",
          "jdbc needs the application's DataSource: define one (spring.datasource.url, say), or"
              + " one marked @Primary among several");
    }
    return JdbcStore.builder()
        .lockTimeout(properties.getLockTimeout())
        .open(source, dialectOf(source));
  }

  /**
   * The engine: on the application's {@link IpamStore} bean if there is one, else on a new
   * in-memory store; access policy, re-check interval and {@code fail-when-exhausted} from the
   * {@code ipam4j.*} properties; holding the bootstrap manifests before any other bean sees it.
   *
   * @param properties the {@code ipam4j.*} properties
   * @param store the store, if the application or {@code ipam4j.store=jdbc} made one
   * @param resources where the bootstrap manifests are read from
   * @return the engine, closed with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public IpamEngine ipamEngine(
      IpamProperties properties, ObjectProvider<IpamStore> store, ResourceLoader resources) {
    IpamEngine.Builder builder =
        IpamEngine.builder()
            .accessPolicy(accessPolicy(properties.getAccessPolicy()))
            .recheckWaiting(properties.getRecheckWaiting())
            .failWhenExhausted(properties.isFailWhenExhausted());
    IpamStore given = store.getIfUnique();
    if (given != null) {
      builder.store(given);
    }
    IpamEngine engine = builder.build();
    try {
      bootstrap(engine, properties.getBootstrapManifests(), resources);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
    return engine;
  }

  private static AccessPolicy accessPolicy(IpamProperties.Access access) {
    return switch (access) {
      case DENY_ALL -> AccessPolicy.denyAll();
      case POOL_ANNOTATION -> AccessPolicy.byPoolAnnotation(AccessPolicy.ALLOWED_PROJECTS);
      case ALLOW_ALL -> AccessPolicy.allowAll();
    };
  }

  /**
   * Applies the manifests as one set. What is stored already is left alone, so instances that start
   * together each apply it, and all but the first change nothing.
   */
  static void bootstrap(IpamEngine engine, List<String> locations, ResourceLoader resources) {
    if (locations.isEmpty()) {
      return;
    }
    List<Manifest> manifests = new ArrayList<>();
    for (String location : locations) {
      Resource resource = resources.getResource(location);
      if (!resource.exists()) {
        throw new InvalidException(
            "ipam4j.bootstrap-manifests", "\"" + location + "\" does not exist");
      }
      try (InputStream in = resource.getInputStream()) {
        manifests.addAll(Manifests.strict().read(location, in));
      } catch (IOException e) {
        throw new InvalidException(
            "ipam4j.bootstrap-manifests", "cannot read \"" + location + "\": " + e.getMessage());
      }
    }
    List<IpamObject> objects = manifests.stream().map(Manifest::object).toList();
    engine.applyAll(objects).orThrow(p -> manifests.get(p.index()).place(p.error()));
  }

  /** The database behind a DataSource, from its connection's URL or product name. */
  static Dialect dialectOf(DataSource source) {
    try (Connection connection = source.getConnection()) {
      DatabaseMetaData meta = connection.getMetaData();
      String url = meta.getURL();
      Optional<Dialect> byUrl = url == null ? Optional.empty() : Dialect.ofUrl(url);
      if (byUrl.isPresent()) {
        return byUrl.get();
      }
      String product = meta.getDatabaseProductName();
      String lower = product == null ? "" : product.toLowerCase(Locale.ROOT);
      if (lower.contains("sqlite")) {
        return Dialect.SQLITE;
      }
      if (lower.contains("postgres")) {
        return Dialect.POSTGRESQL;
      }
      throw new InvalidException(
          "ipam4j.store",
          "jdbc: the DataSource's database is "
              + product
              + "; ipam4j speaks SQLite and PostgreSQL");
    } catch (SQLException e) {
      throw new StorageException(
          "ipam4j.store=jdbc: cannot open a connection of the DataSource: " + e.getMessage(), e);
    }
  }

  /** The engine's meters, bound by Spring Boot to the application's registries. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterBinder.class)
  static class Metrics {
    /**
     * The meters of {@link IpamMetrics}.
     *
     * @param engine the engine
     * @return the binder, closed (before the engine) with the context
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    IpamMetrics ipamMetrics(IpamEngine engine) {
      return new IpamMetrics(engine);
    }
  }

  /** The health indicator, when the application has Spring Boot's health module (actuator). */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
  static class Health {
    /**
     * The {@code ipam} health indicator.
     *
     * @param engine the engine
     * @param properties where the utilization threshold is set
     * @return the indicator
     */
    @Bean
    @ConditionalOnMissingBean(name = "ipamHealthIndicator")
    IpamHealthIndicator ipamHealthIndicator(IpamEngine engine, IpamProperties properties) {
      return new IpamHealthIndicator(engine, properties.getHealth().getUtilizationThreshold());
    }
  }
}
