package org.ipam4j.yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.InvalidException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPPool;
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
   * @throws InvalidException for a missing resource, a bad manifest, or an object the engine
   *     refuses, each naming the resource, document and line
   */
  public static IpamEngine engineFromResources(String... resources) {
    List<Manifest> manifests = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (String resource : resources) {
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new InvalidException(resource, "no such class-path resource");
        }
        manifests.addAll(Manifests.strict().read(resource,
            new String(in.readAllBytes(), StandardCharsets.UTF_8)));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    IpamEngine engine = IpamEngine.inMemory();
    apply(engine, manifests);
    return engine;
  }

  /** A new in-memory engine holding the objects of one YAML text. */
  public static IpamEngine engineFromYaml(String yaml) {
    IpamEngine engine = IpamEngine.inMemory();
    apply(engine, Manifests.strict().read("fixture", yaml));
    return engine;
  }

  /**
   * Applies manifests to an engine: pools first (in the order given, so parents before their
   * children), then claims. IPAllocations are the engine's own records and cannot be applied.
   *
   * @throws InvalidException naming the document of the first object the engine refuses as
   *     invalid; other errors propagate as the engine raises them
   */
  public static void apply(IpamEngine engine, List<Manifest> manifests) {
    for (Manifest m : manifests) {
      if (!(m.object() instanceof IPPool) && !(m.object() instanceof IPClaim)) {
        throw new InvalidException(List.of(new InvalidException.Violation(m.where(), "kind",
            "IPAllocation objects are created by the engine and cannot be applied")));
      }
    }
    for (Manifest m : manifests) {
      if (m.object() instanceof IPPool pool) {
        applyOne(engine, m, pool);
      }
    }
    for (Manifest m : manifests) {
      if (m.object() instanceof IPClaim claim) {
        applyOne(engine, m, claim);
      }
    }
  }

  private static void applyOne(IpamEngine engine, Manifest m, IpamObject object) {
    try {
      if (object instanceof IPPool pool) {
        engine.applyPool(pool);
      } else {
        engine.applyClaim((IPClaim) object);
      }
    } catch (InvalidException e) {
      throw m.locate(e);
    }
  }
}
