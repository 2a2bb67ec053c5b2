package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.IpamException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IpamObject;
import org.ipam4j.testsupport.Histories;
import org.ipam4j.yaml.Manifests;

/**
 * The move the README shows: a store built by a random history on SQLite is exported, imported into
 * PostgreSQL, exported again and imported into a new SQLite file, through the YAML text {@code
 * ipamctl export} writes. Every object comes back the same apart from its resourceVersion, and each
 * store's check is clean.
 */
class ExportImportRoundTripProperties {

  private static String sqliteUrl() {
    try {
      Path dir = Files.createTempDirectory("ipam4j-roundtrip");
      dir.toFile().deleteOnExit();
      return "jdbc:sqlite:" + dir.resolve("ipam.db");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<IpamObject> comparable(List<IpamObject> objects) {
    return objects.stream()
        .<IpamObject>map(o -> o.withMetadata(o.metadata().withResourceVersion(0)))
        .toList();
  }

  /** Export as text, read it back, import it: what {@code export | import -f -} does. */
  private static List<IpamObject> moveThroughYaml(IpamEngine from, IpamEngine to) {
    Manifests manifests = Manifests.strict();
    String text = manifests.toYaml(from.exportAll(Optional.empty()));
    List<IpamObject> read = manifests.readObjects("<export>", text);
    to.importAll(read);
    return to.exportAll(Optional.empty());
  }

  @Property(tries = 12)
  void sqliteToPostgresToSqliteKeepsEveryObject(@ForAll("histories") List<Histories.Op> ops) {
    try (JdbcStore first = JdbcStore.open(sqliteUrl(), 0);
        JdbcStore shared = JdbcStore.open(PostgresTests.freshDatabaseUrl(), 0);
        JdbcStore last = JdbcStore.open(sqliteUrl(), 0)) {
      IpamEngine a = IpamEngine.builder().store(first).build();
      for (Histories.Op op : ops) {
        try {
          Histories.apply(a, op);
        } catch (IpamException e) {
          // A refused step is part of the history.
        }
      }
      List<IpamObject> original = comparable(a.exportAll(Optional.empty()));
      IpamEngine b = IpamEngine.builder().store(shared).build();
      assertThat(comparable(moveThroughYaml(a, b))).containsExactlyInAnyOrderElementsOf(original);
      assertThat(b.check().findings()).isEmpty();
      IpamEngine c = IpamEngine.builder().store(last).build();
      assertThat(comparable(moveThroughYaml(b, c))).containsExactlyInAnyOrderElementsOf(original);
      assertThat(c.check().findings()).isEmpty();
    }
  }

  @Provide
  Arbitrary<List<Histories.Op>> histories() {
    return Histories.histories();
  }
}
