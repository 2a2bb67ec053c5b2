package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.testing.IpamTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** {@code @IpamTest(store = SQLITE)}: each test's engine on a new SQLite file, deleted after. */
@IpamTest(fixtures = "fixtures/web.yaml", store = IpamTest.Store.SQLITE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IpamTestOnSqliteTest {

  private static Set<Path> before = Set.of();
  private static final Set<Path> made = new HashSet<>();

  private static Set<Path> folders() throws IOException {
    try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return all.filter(p -> p.getFileName().toString().startsWith("ipam4j-test-"))
          .collect(Collectors.toSet());
    }
  }

  @BeforeAll
  static void look() throws IOException {
    before = folders();
  }

  @Test
  @Order(1)
  void theEngineKeepsTheFixturesInANewSqliteFile(IpamEngine engine) throws IOException {
    Set<Path> now = folders();
    now.removeAll(before);
    assertThat(now).hasSize(1);
    Path file = now.iterator().next().resolve("ipam.db");
    assertThat(file).exists();
    made.addAll(now);
    assertThat(engine.getClaim("default", "web-tier-v4").orElseThrow().status().phase())
        .isEqualTo(ClaimPhase.Bound);
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + file)) {
      assertThat(store.get(IPClaim.class, "default", "web-tier-v4")).isPresent();
    }
  }

  @Test
  @Order(2)
  void theFileIsDeletedAfterTheTest(IpamEngine engine) {
    assertThat(made).isNotEmpty().allSatisfy(folder -> assertThat(folder).doesNotExist());
    assertThat(engine.listAllClaims()).hasSize(1);
  }
}
