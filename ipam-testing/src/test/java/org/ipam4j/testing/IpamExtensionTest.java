package org.ipam4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ipam4j.InvalidException;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.ClaimPhase;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.watch.WatchRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @IpamTest} as its users meet it: each sample class below is run by JUnit's own engine, and
 * the outcome of its tests checked. (Nested classes are not run by the build on their own.)
 */
class IpamExtensionTest {

  static final List<IpamEngine> SEEN = new ArrayList<>();

  private static Events run(Class<?> sample) {
    SEEN.clear();
    return EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(sample))
        .execute()
        .testEvents();
  }

  @IpamTest(fixtures = "fixtures/web.yaml")
  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class FreshEngines {
    @InjectEngine IpamEngine field;

    @BeforeEach
    void before(IpamEngine engine) {
      assertThat(engine).isSameAs(field);
    }

    @Test
    void a(IpamEngine engine) {
      SEEN.add(engine);
      assertThat(engine.getClaim("default", "web-tier-v4").orElseThrow().status().phase())
          .isEqualTo(ClaimPhase.Bound);
      engine.applyPool(IPPool.of("default", "extra", IPPoolSpec.root("192.168.0.0/16")));
    }

    @Test
    void b(IpamEngine engine) {
      SEEN.add(engine);
      assertThat(engine.getPool("default", "extra")).isEmpty();
      assertThat(engine.getPool("default", "web-pool")).isPresent();
    }

    @Test
    @IpamTest
    void c(IpamEngine engine) {
      assertThat(engine.listAllPools()).isEmpty();
    }
  }

  @Test
  void eachTestGetsAFreshEngineHoldingTheFixtures() {
    run(FreshEngines.class).assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN).hasSize(2);
    assertThat(SEEN.get(0)).isNotSameAs(SEEN.get(1));
  }

  @IpamTest(fixtures = "fixtures/web.yaml", shared = true)
  @TestMethodOrder(MethodOrderer.MethodName.class)
  static class OneEngineForTheClass {
    static IpamEngine beforeAll;

    @BeforeAll
    static void setUp(IpamEngine engine) {
      beforeAll = engine;
      engine.applyPool(IPPool.of("default", "extra", IPPoolSpec.root("192.168.0.0/16")));
    }

    @Test
    void a(IpamEngine engine) {
      SEEN.add(engine);
      assertThat(engine).isSameAs(beforeAll);
      assertThat(engine.getPool("default", "extra")).isPresent();
    }

    @Test
    void b(IpamEngine engine) {
      SEEN.add(engine);
      assertThat(engine).isSameAs(beforeAll);
    }

    @Nested
    class Inner {
      @Test
      void c(IpamEngine engine) {
        assertThat(engine).isSameAs(beforeAll);
      }
    }
  }

  @Test
  void aSharedEngineServesTheWholeClass() {
    run(OneEngineForTheClass.class).assertStatistics(s -> s.started(3).succeeded(3));
    assertThat(SEEN).hasSize(2);
  }

  static class BrokenFixture {
    @Test
    @IpamTest(fixtures = "fixtures/broken.yaml")
    void never(IpamEngine engine) {}
  }

  @Test
  void aFixtureThatDoesNotLoadFailsTheTestNamingFileAndLine() {
    run(BrokenFixture.class)
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("never"),
                finishedWithFailure(
                    instanceOf(InvalidException.class),
                    message(
                        m ->
                            m.startsWith(
                                "fixtures/broken.yaml: document 2, line 10, col 18:"
                                    + " spec.ipFamily: IPv6 does not match IPPool p")))));
  }

  @IpamTest(fixtures = "fixtures/shared-pool.yaml")
  static class Access {
    @Test
    void poolAnnotationByDefault(IpamEngine engine) {
      assertThat(engine.getClaim("team-a", "team-a-services").orElseThrow().status().phase())
          .isEqualTo(ClaimPhase.Bound);
    }

    @Test
    @IpamTest(fixtures = "fixtures/shared-pool.yaml", access = IpamTest.Access.DENY_ALL)
    void denyAll(IpamEngine engine) {
      assertThat(engine.getClaim("team-a", "team-a-services").orElseThrow().status().phase())
          .isEqualTo(ClaimPhase.Pending);
    }
  }

  @Test
  void theAccessPolicyIsChosenByTheAnnotation() {
    run(Access.class).assertStatistics(s -> s.started(2).succeeded(2));
  }

  static class Options {
    @Test
    @IpamTest(fixtures = "fixtures/web.yaml", clock = "2026-01-01T00:00:00Z", defaultProject = "b")
    void fixedClock(IpamEngine engine) {
      assertThat(engine.getPool("b", "web-pool").orElseThrow().metadata().creationTimestamp())
          .contains(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    @IpamTest(fixtures = "fixtures/full.yaml", failWhenExhausted = true)
    void exhausted(IpamEngine engine) {}

    @Test
    @IpamTest(clock = "yesterday")
    void badClock(IpamEngine engine) {}

    @Test
    @IpamTest(store = IpamTest.Store.SQLITE)
    void sqliteWithoutTheJdbcModule(IpamEngine engine) {}
  }

  @Test
  void optionsAndTheirMistakes() {
    Events events = run(Options.class);
    events.assertStatistics(s -> s.started(4).succeeded(1).failed(3));
    events
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("exhausted"),
                finishedWithFailure(
                    message(m -> m.startsWith("fixtures/full.yaml: document 4, line 17")))))
        .haveExactly(
            1,
            event(
                test("badClock"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(m -> m.startsWith("@IpamTest(clock = \"yesterday\") on ")))))
        .haveExactly(
            1,
            event(
                test("sqliteWithoutTheJdbcModule"),
                finishedWithFailure(
                    instanceOf(ExtensionConfigurationException.class),
                    message(
                        "@IpamTest(store = SQLITE) needs org.ipam4j:ipam-jdbc and"
                            + " org.xerial:sqlite-jdbc on the test class path"))));
  }

  @IpamTest
  static class NoEngineInBeforeAllWithoutShared {
    @BeforeAll
    static void setUp(IpamEngine engine) {}

    @Test
    void t() {}
  }

  @Test
  void aBeforeAllMethodGetsAnEngineOnlyWhenItIsShared() {
    EngineTestKit.engine("junit-jupiter")
        .selectors(selectClass(NoEngineInBeforeAllWithoutShared.class))
        .execute()
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            finishedWithFailure(
                message(
                    m -> m.contains("for BeforeAll methods only with @IpamTest(shared = true)"))));
  }

  @IpamTest(fixtures = "fixtures/web.yaml")
  static class Closed {
    static final List<Thread> WATCHING = new ArrayList<>();

    @Test
    void t(IpamEngine engine) throws Exception {
      engine.watch(WatchRequest.fromNow(), change -> {});
      for (int i = 0; i < 100 && WATCHING.isEmpty(); i++) {
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("ipam4j-watch") && t.isAlive())
            .forEach(WATCHING::add);
        Thread.sleep(10);
      }
      assertThat(WATCHING).isNotEmpty();
    }
  }

  @Test
  void theEngineIsClosedAfterTheTest() throws Exception {
    Closed.WATCHING.clear();
    run(Closed.class).assertStatistics(s -> s.started(1).succeeded(1));
    // Only a closed engine stops its watch's thread.
    for (Thread t : Closed.WATCHING) {
      t.join(10_000);
      assertThat(t.isAlive()).as(t.getName()).isFalse();
    }
  }
}
