package org.ipam4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.jdbc.JdbcStore;
import org.ipam4j.jdbc.testsupport.PostgresServer;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.PoolSelector;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller example as its own process on a shared store: claims another process makes wait
 * for space, and the controller adds the pools that bind them.
 */
class ControllerProcessTest {

  @TempDir Path dir;

  @Test
  void onSqliteTheControllerProcessAddsPoolsForAnotherProcessesClaims() throws Exception {
    controllerBindsAnotherProcessesClaims("jdbc:sqlite:" + dir.resolve("ipam.db"));
  }

  @Test
  void onPostgresTheControllerProcessAddsPoolsForAnotherProcessesClaims() throws Exception {
    PostgresServer.unavailable()
        .ifPresent(
            why -> {
              if ("1".equals(System.getenv("IPAM4J_REQUIRE_POSTGRES"))) {
                throw new AssertionError("PostgreSQL required: " + why);
              }
              Assumptions.abort("PostgreSQL tests SKIPPED: " + why);
            });
    controllerBindsAnotherProcessesClaims(PostgresServer.freshDatabaseUrl());
  }

  private void controllerBindsAnotherProcessesClaims(String url) throws Exception {
    JdbcStore.open(url).close(); // the schema, before two processes race to make it
    Process controller =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ControllerExample.class.getName(),
                "--store",
                url,
                "--project",
                "shop")
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(controller.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
              } catch (IOException ignored) {
                // the process ended
              }
            });
    reader.setDaemon(true);
    reader.start();
    try (JdbcStore store = JdbcStore.open(url);
        IpamEngine engine = IpamEngine.builder().store(store).build()) {
      assertThat(lines.poll(60, TimeUnit.SECONDS)).isEqualTo("controller: watching project shop");
      assertThat(lines.poll(60, TimeUnit.SECONDS)).startsWith("controller: synced at revision");
      // No pool yet: ten /26 claims wait; the controller must add three /24s (four /26 each).
      PoolSelector web = PoolSelector.matching(Map.of("tier", "web"));
      for (int i = 0; i < 10; i++) {
        engine.applyClaim(
            IPClaim.of("shop", "svc-" + i, IPClaimSpec.fromSelector(IpFamily.IPv4, 26, web)));
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      List<IPClaim> claims = engine.listClaims("shop");
      while (claims.stream().anyMatch(c -> c.status().phase() != ClaimPhase.Bound)
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
        claims = engine.listClaims("shop");
      }
      assertThat(claims).allMatch(c -> c.status().phase() == ClaimPhase.Bound);
      assertThat(engine.listPools("shop"))
          .extracting(p -> p.metadata().name())
          .containsExactly("web-0", "web-1", "web-2");
      assertThat(claims.stream().map(c -> c.status().allocatedCIDR().orElseThrow()))
          .doesNotHaveDuplicates();
      assertThat(engine.check().findings()).isEmpty();
    } finally {
      controller.destroyForcibly();
      assertThat(controller.waitFor(1, TimeUnit.MINUTES)).isTrue();
    }
    assertThat(lines).anyMatch(l -> l.contains("adding web-2 (10.0.2.0/24)"));
  }
}
