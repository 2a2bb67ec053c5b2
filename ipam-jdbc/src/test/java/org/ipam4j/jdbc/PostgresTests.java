package org.ipam4j.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import org.ipam4j.jdbc.testsupport.PostgresServer;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL tests' policy: run on {@link PostgresServer}; where none can be had, skip with a
 * loud message, unless {@code IPAM4J_REQUIRE_POSTGRES=1} (CI sets it) makes that a failure.
 */
final class PostgresTests {

  private PostgresTests() {}

  static String freshDatabaseUrl() {
    PostgresServer.unavailable()
        .ifPresent(
            why -> {
              String message = "PostgreSQL tests SKIPPED: " + why;
              System.err.println("\n*** " + message + " ***\n");
              if ("1".equals(System.getenv("IPAM4J_REQUIRE_POSTGRES"))) {
                fail(message + " (IPAM4J_REQUIRE_POSTGRES=1)");
              }
              Assumptions.abort(message);
            });
    return PostgresServer.freshDatabaseUrl();
  }
}
