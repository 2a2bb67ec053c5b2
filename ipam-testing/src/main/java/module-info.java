/**
 * ipam4j for tests: YAML fixtures, the JUnit Jupiter extension {@code @IpamTest} that injects a
 * fresh engine into each test, and the contract suite every {@code IpamStore} passes.
 */
module org.ipam4j.testing {
  requires static org.jspecify;
  requires transitive org.ipam4j.core;
  requires transitive org.ipam4j.yaml;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.commons;
  requires org.assertj.core;

  exports org.ipam4j.testing;
}
