package org.ipam4j.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.InvalidException;
import org.ipam4j.IpamException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IpamObject;

/**
 * Builds engines from YAML, for unit tests of services that embed ipam4j:
 *
 * <pre>{@code
 * IpamEngine engine = IpamFixtures.engineFromResources("ipam/pools.yaml", "ipam/claims.yaml");
 * }</pre>
 */
public final class IpamFixtures {

  private IpamFixtures() {}

  /**
   * A new in-memory engine holding the objects of the given class-path resources (read with the
   * thread's context class loader).
   *
   * @param resources class-path resource names, e.g. {@code fixtures/pools.yaml}
   * @return a new engine holding their objects
   * @throws IpamException for a missing resource ({@link InvalidException}), a bad manifest, or an
   *     object the engine refuses, each naming the resource, document and line
   */
  public static IpamEngine engineFromResources(String... resources) {
    List<Manifest> manifests = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String resource : resources) {
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new InvalidException(resource, "no such class-path resource");
        }
        manifests.addAll(
            Manifests.strict().read(resource, Manifests.utf8(resource, in.readAllBytes())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    IpamEngine engine = IpamEngine.inMemory();
    apply(engine, manifests);
    return engine;
  }

  /**
   * A new in-memory engine holding the objects of one YAML text.
   *
   * @param yaml one or more YAML documents
   * @return a new engine holding their objects
   */
  public static IpamEngine engineFromYaml(String yaml) {
    IpamEngine engine = IpamEngine.inMemory();
    apply(engine, Manifests.strict().read("fixture", yaml));
    return engine;
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
    engine
        .applyAll(objects)
        .orThrow(
            p -> {
              Manifest m = manifests.get(p.index());
              return p.error() instanceof InvalidException invalid
                  ? m.locate(invalid)
                  : p.error().prefixed(m.where());
            });
  }
}
