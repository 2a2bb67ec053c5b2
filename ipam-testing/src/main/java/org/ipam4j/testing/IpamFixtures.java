package org.ipam4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.engine.AccessPolicy;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.store.IpamStore;
import org.ipam4j.yaml.Manifest;
import org.ipam4j.yaml.Manifests;
import org.jspecify.annotations.Nullable;

/**
 * Builds engines from YAML, for unit tests of services that embed ipam4j, with or without JUnit
 * ({@link IpamTest} does the same for JUnit Jupiter tests):
 *
 * <pre>{@code
 * IpamEngine engine = IpamFixtures.engineFromResources("ipam/pools.yaml", "ipam/claims.yaml");
 * IpamEngine strict = IpamFixtures.options()
 *     .accessPolicy(AccessPolicy.denyAll())
 *     .failWhenExhausted(true)
 *     .engineFromResources("ipam/pools.yaml");
 * }</pre>
 *
 * <p>By default a fixture engine lets projects claim from another project's shared pool as {@code
 * ipamctl} does, when the pool's annotation {@value AccessPolicy#ALLOWED_PROJECTS} names them (so a
 * manifest behaves as it does with {@code ipamctl apply}); its claims wait when no pool has room;
 * it uses the system clock; and it does not re-check waiting claims in the background, so that
 * every bind follows from the test's own calls.
 *
 * @since 0.1
 */
public final class IpamFixtures {

  private static final Options DEFAULTS =
      new Options(
          AccessPolicy.byPoolAnnotation(AccessPolicy.ALLOWED_PROJECTS),
          Clock.systemUTC(),
          false,
          null,
          "default");

  private IpamFixtures() {}

  /**
   * The default options, to change before building an engine.
   *
   * @return the options described above
   */
  public static Options options() {
    return DEFAULTS;
  }

  /**
   * A new in-memory engine holding the objects of the given class-path resources (read with the
   * thread's context class loader), with the default options.
   *
   * @param resources class-path resource names, e.g. {@code fixtures/pools.yaml}
   * @return a new engine holding their objects
   * @throws IpamException for a missing resource ({@link InvalidException}), a bad manifest, or an
   *     object the engine refuses, each naming the resource, document and line
   */
  public static IpamEngine engineFromResources(String... resources) {
    return DEFAULTS.engineFromResources(resources);
  }

  /**
   * A new in-memory engine holding the objects of one YAML text, with the default options.
   *
   * @param yaml one or more YAML documents
   * @return a new engine holding their objects
   * @throws IpamException for a bad manifest or an object the engine refuses, naming the document
   *     and line ({@code fixture: document 2, line 9, col 18: ...})
   */
  public static IpamEngine engineFromYaml(String yaml) {
    return DEFAULTS.engineFromYaml(yaml);
  }

  /**
   * Applies manifests to an engine as one set ({@link IpamEngine#applyAll}): all or nothing, pools
   * before claims, child pools after their parents.
   *
   * @param engine the engine to apply to
   * @param manifests the objects, as read
   * @throws IpamException of the first problem's type, naming the document and line of every object
   *     the engine refuses; nothing is applied then
   */
  public static void apply(IpamEngine engine, List<Manifest> manifests) {
    List<IpamObject> objects = manifests.stream().map(Manifest::object).toList();
    engine.applyAll(objects).orThrow(p -> manifests.get(p.index()).place(p.error()));
  }

  /**
   * How fixture engines are built. Immutable: each method returns new options.
   *
   * @since 0.1
   */
  public static final class Options {
    private final AccessPolicy accessPolicy;
    private final Clock clock;
    private final boolean failWhenExhausted;
    private final @Nullable IpamStore store;
    private final String defaultProject;

    private Options(
        AccessPolicy accessPolicy,
        Clock clock,
        boolean failWhenExhausted,
        @Nullable IpamStore store,
        String defaultProject) {
      this.accessPolicy = accessPolicy;
      this.clock = clock;
      this.failWhenExhausted = failWhenExhausted;
      this.store = store;
      this.defaultProject = defaultProject;
    }

    /**
     * Who may claim from shared pools of other projects.
     *
     * @param policy the policy; {@link AccessPolicy#denyAll()} is the engine's own default
     * @return new options, otherwise the same
     */
    public Options accessPolicy(AccessPolicy policy) {
      return new Options(
          Objects.requireNonNull(policy, "policy"),
          clock,
          failWhenExhausted,
          store,
          defaultProject);
    }

    /**
     * The clock for timestamps: a fixed clock makes {@code creationTimestamp} and conditions' times
     * the same in every run.
     *
     * @param newClock the clock
     * @return new options, otherwise the same
     */
    public Options clock(Clock newClock) {
      return new Options(
          accessPolicy,
          Objects.requireNonNull(newClock, "clock"),
          failWhenExhausted,
          store,
          defaultProject);
    }

    /**
     * Whether a claim that cannot be bound fails instead of waiting as {@code Pending}; then a
     * fixture whose claim cannot be bound fails to load, naming the claim's line.
     *
     * @param fail true to fail
     * @return new options, otherwise the same
     */
    public Options failWhenExhausted(boolean fail) {
      return new Options(accessPolicy, clock, fail, store, defaultProject);
    }

    /**
     * The store the engine works on, instead of a new in-memory one. The caller owns it: closing
     * the engine leaves it open.
     *
     * @param newStore the store
     * @return new options, otherwise the same
     */
    public Options store(IpamStore newStore) {
      return new Options(
          accessPolicy,
          clock,
          failWhenExhausted,
          Objects.requireNonNull(newStore, "store"),
          defaultProject);
    }

    /**
     * The project of fixture objects whose manifest has no {@code metadata.namespace}.
     *
     * @param project a valid project name; {@code default} unless set
     * @return new options, otherwise the same
     * @throws InvalidException if {@code project} is not a valid name
     */
    public Options defaultProject(String project) {
      if (!ObjectMeta.isValidName(project)) {
        throw new InvalidException(
            "defaultProject", "\"" + project + "\" is not a valid project name");
      }
      return new Options(accessPolicy, clock, failWhenExhausted, store, project);
    }

    /**
     * A new engine with these options, holding nothing but what its store holds.
     *
     * @return the engine; closing it closes its store unless {@link #store} gave one
     */
    public IpamEngine newEngine() {
      IpamEngine.Builder builder =
          IpamEngine.builder()
              .accessPolicy(accessPolicy)
              .clock(clock)
              .failWhenExhausted(failWhenExhausted)
              .recheckWaiting(Duration.ZERO);
      if (store != null) {
        builder.store(store);
      }
      return builder.build();
    }

    /**
     * A new engine holding the objects of the given class-path resources, read with the thread's
     * context class loader (a leading {@code /} is ignored), applied as one set.
     *
     * @param resources class-path resource names, e.g. {@code ipam/pools.yaml}
     * @return a new engine holding their objects
     * @throws IpamException for a missing resource ({@link InvalidException}), a bad manifest, or
     *     an object the engine refuses, each naming the resource, document and line; no engine is
     *     left open then
     */
    public IpamEngine engineFromResources(String... resources) {
      List<Manifest> manifests = new ArrayList<>();
      for (String resource : resources) {
        manifests.addAll(readResource(resource));
      }
      return engineWith(manifests);
    }

    /**
     * A new engine holding the objects of one YAML text, applied as one set.
     *
     * @param yaml one or more YAML documents, named {@code fixture} in errors
     * @return a new engine holding their objects
     * @throws IpamException for a bad manifest or an object the engine refuses, naming the document
     *     and line; no engine is left open then
     */
    public IpamEngine engineFromYaml(String yaml) {
      return engineWith(manifests().read("fixture", yaml));
    }

    List<Manifest> readResource(String resource) {
      String name = resource.startsWith("/") ? resource.substring(1) : resource;
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      if (loader == null) {
        loader = IpamFixtures.class.getClassLoader();
      }
      try (InputStream in = loader.getResourceAsStream(name)) {
        if (in == null) {
          throw new InvalidException(
              "fixtures", "\"" + resource + "\" is not a resource on the class path");
        }
        return manifests().read(name, in);
      } catch (IOException e) {
        throw new InvalidException(
            "fixtures", "cannot read \"" + resource + "\": " + e.getMessage());
      }
    }

    IpamEngine engineWith(List<Manifest> manifests) {
      IpamEngine engine = newEngine();
      try {
        apply(engine, manifests);
        return engine;
      } catch (RuntimeException e) {
        engine.close();
        throw e;
      }
    }

    private Manifests manifests() {
      return Manifests.strict().withDefaultProject(defaultProject);
    }
  }
}
