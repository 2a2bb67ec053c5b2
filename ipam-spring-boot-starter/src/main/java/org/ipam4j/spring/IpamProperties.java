package org.ipam4j.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code ipam4j.*} properties of the starter.
 *
 * @since 0.1
 */
@ConfigurationProperties("ipam4j")
public class IpamProperties {

  /** Where the engine keeps its objects: in memory, or on the application's own DataSource. */
  private Store store = Store.MEMORY;

  /** Who may claim from shared pools of other projects. */
  private Access accessPolicy = Access.DENY_ALL;

  /**
   * How long a write waits for a pool's lock or the database's write lock that another writer holds
   * before it fails with a LockTimeoutException (the jdbc store only).
   */
  private Duration lockTimeout = Duration.ofSeconds(30);

  /**
   * How often waiting claims are tried again, whatever this instance saw, so that space another
   * process freed is not left idle; 0 turns it off.
   */
  private Duration recheckWaiting = Duration.ofSeconds(30);

  /** Whether a claim that cannot be bound now fails instead of waiting as Pending. */
  private boolean failWhenExhausted;

  /**
   * Manifests (Spring resource locations such as classpath:ipam/pools.yaml) applied as one set at
   * start-up. Applying what is already stored changes nothing, so several instances may start
   * together.
   */
  private List<String> bootstrapManifests = new ArrayList<>();

  private final Health health = new Health();

  /** Creates the properties with their defaults; Spring binds the rest. */
  public IpamProperties() {}

  /**
   * Where the engine keeps its objects.
   *
   * @return {@code MEMORY} unless set
   */
  public Store getStore() {
    return store;
  }

  /**
   * Sets where the engine keeps its objects.
   *
   * @param store {@code memory} or {@code jdbc}
   */
  public void setStore(Store store) {
    this.store = store;
  }

  /**
   * Who may claim from shared pools of other projects.
   *
   * @return {@code DENY_ALL} unless set
   */
  public Access getAccessPolicy() {
    return accessPolicy;
  }

  /**
   * Sets who may claim from shared pools of other projects.
   *
   * @param accessPolicy the policy
   */
  public void setAccessPolicy(Access accessPolicy) {
    this.accessPolicy = accessPolicy;
  }

  /**
   * How long a write waits for a lock another writer holds.
   *
   * @return 30 s unless set
   */
  public Duration getLockTimeout() {
    return lockTimeout;
  }

  /**
   * Sets how long a write waits for a lock another writer holds.
   *
   * @param lockTimeout from a millisecond to a day
   */
  public void setLockTimeout(Duration lockTimeout) {
    this.lockTimeout = lockTimeout;
  }

  /**
   * How often waiting claims are tried again.
   *
   * @return 30 s unless set; zero for never
   */
  public Duration getRecheckWaiting() {
    return recheckWaiting;
  }

  /**
   * Sets how often waiting claims are tried again.
   *
   * @param recheckWaiting the period; zero for never
   */
  public void setRecheckWaiting(Duration recheckWaiting) {
    this.recheckWaiting = recheckWaiting;
  }

  /**
   * Whether a claim that cannot be bound now fails instead of waiting.
   *
   * @return false unless set
   */
  public boolean isFailWhenExhausted() {
    return failWhenExhausted;
  }

  /**
   * Sets whether a claim that cannot be bound now fails instead of waiting.
   *
   * @param failWhenExhausted true to fail
   */
  public void setFailWhenExhausted(boolean failWhenExhausted) {
    this.failWhenExhausted = failWhenExhausted;
  }

  /**
   * The manifests applied at start-up.
   *
   * @return resource locations, in order
   */
  public List<String> getBootstrapManifests() {
    return bootstrapManifests;
  }

  /**
   * Sets the manifests applied at start-up.
   *
   * @param bootstrapManifests resource locations, in order
   */
  public void setBootstrapManifests(List<String> bootstrapManifests) {
    this.bootstrapManifests = bootstrapManifests;
  }

  /**
   * What the health indicator reports.
   *
   * @return the health settings
   */
  public Health getHealth() {
    return health;
  }

  /** Where the engine keeps its objects. */
  public enum Store {
    /** A new in-memory store, gone when the application stops. */
    MEMORY,
    /** The application's DataSource: SQLite or PostgreSQL, told from the connection. */
    JDBC
  }

  /** Who may claim from shared pools of other projects. */
  public enum Access {
    /** No project: the engine's default. */
    DENY_ALL,
    /** The projects a shared pool names in its ipam.miloapis.com/allowed-projects annotation. */
    POOL_ANNOTATION,
    /** Every project. */
    ALLOW_ALL
  }

  /** What the health indicator reports. */
  public static class Health {

    /** The utilization (0 to 1) past which the health details name a pool. */
    private double utilizationThreshold = 0.9;

    /** Creates the settings with their defaults. */
    public Health() {}

    /**
     * The utilization past which the health details name a pool.
     *
     * @return 0.9 unless set
     */
    public double getUtilizationThreshold() {
      return utilizationThreshold;
    }

    /**
     * Sets the utilization past which the health details name a pool.
     *
     * @param utilizationThreshold from 0 to 1
     */
    public void setUtilizationThreshold(double utilizationThreshold) {
      this.utilizationThreshold = utilizationThreshold;
    }
  }
}
