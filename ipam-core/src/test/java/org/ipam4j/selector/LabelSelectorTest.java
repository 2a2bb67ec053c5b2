package org.ipam4j.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.InvalidException.Violation;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {

  private static final Map<String, String> WEB = Map.of("tier", "web", "env", "prod");

  @Test
  void emptySelectorMatchesEverything() {
    assertThat(LabelSelector.everything().matches(Map.of())).isTrue();
    assertThat(LabelSelector.everything().matches(WEB)).isTrue();
  }

  @Test
  void matchLabelsAreAnded() {
    assertThat(LabelSelector.of(Map.of("tier", "web")).matches(WEB)).isTrue();
    assertThat(LabelSelector.of(Map.of("tier", "web", "env", "prod")).matches(WEB)).isTrue();
    assertThat(LabelSelector.of(Map.of("tier", "web", "env", "dev")).matches(WEB)).isFalse();
    assertThat(LabelSelector.of(Map.of("zone", "a")).matches(WEB)).isFalse();
  }

  @Test
  void operatorsFollowKubernetes() {
    assertThat(Requirement.in("tier", "web", "db").matches(WEB)).isTrue();
    assertThat(Requirement.in("tier", "db").matches(WEB)).isFalse();
    assertThat(Requirement.in("zone", "a").matches(WEB)).isFalse();
    // NotIn and DoesNotExist match objects that lack the key.
    assertThat(Requirement.notIn("zone", "a").matches(WEB)).isTrue();
    assertThat(Requirement.notIn("tier", "web").matches(WEB)).isFalse();
    assertThat(Requirement.exists("tier").matches(WEB)).isTrue();
    assertThat(Requirement.exists("zone").matches(WEB)).isFalse();
    assertThat(Requirement.doesNotExist("zone").matches(WEB)).isTrue();
    assertThat(Requirement.doesNotExist("tier").matches(WEB)).isFalse();
  }

  @Test
  void labelsAndExpressionsAreAnded() {
    LabelSelector s = LabelSelector.of(Map.of("tier", "web")).and(Requirement.notIn("env", "prod"));
    assertThat(s.matches(WEB)).isFalse();
    assertThat(s.matches(Map.of("tier", "web"))).isTrue();
    assertThat(s).hasToString("tier=web,env notin (prod)");
  }

  @Test
  void validationReportsEveryProblemWithItsPath() {
    LabelSelector s =
        new LabelSelector(
            Map.of("-bad", "ok", "good", "bad value!"),
            List.of(
                new Requirement("tier", Operator.In, List.of()),
                new Requirement("zone", Operator.Exists, List.of("a")),
                Requirement.in("example.com/role", "edge")));
    List<String> problems =
        s.validate("spec.poolSelector").stream()
            .map(Violation::toString)
            .collect(Collectors.toList());
    assertThat(problems)
        .containsExactlyInAnyOrder(
            "spec.poolSelector.matchLabels: label key \"-bad\": name part must be 1-63 characters,"
                + " alphanumeric at both ends, with only '-', '_' and '.' between",
            "spec.poolSelector.matchLabels[good]: label value \"bad value!\" must be at most 63"
                + " characters, alphanumeric at both ends, with only '-', '_' and '.' between",
            "spec.poolSelector.matchExpressions[0].values: must be specified when operator is In",
            "spec.poolSelector.matchExpressions[1].values: may not be specified when operator is"
                + " Exists");
  }

  @Test
  void parsesKubectlSyntax() {
    LabelSelector s =
        LabelSelector.parse(
            "tier=web, env in (prod, dev),zone notin (a),!legacy," + "owner,team==core,x!=y");
    assertThat(s.matchLabels()).isEqualTo(Map.of("tier", "web", "team", "core"));
    assertThat(s.matchExpressions())
        .containsExactly(
            Requirement.in("env", "prod", "dev"),
            Requirement.notIn("zone", "a"),
            Requirement.doesNotExist("legacy"),
            Requirement.exists("owner"),
            Requirement.notIn("x", "y"));
    assertThat(LabelSelector.parse("")).isEqualTo(LabelSelector.everything());
    assertThat(LabelSelector.parse(s.toString())).isEqualTo(s);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> LabelSelector.parse("a in b"))
        .isInstanceOf(org.ipam4j.InvalidException.class)
        .hasMessage("selector: cannot read \"a in b\" in \"a in b\"");
  }

  // ---- the algebra ----

  @Property(tries = 1000)
  void notInIsTheComplementOfIn(
      @ForAll("labels") Map<String, String> labels,
      @ForAll("keys") String key,
      @ForAll("valueSets") Set<String> values) {
    String[] v = values.toArray(new String[0]);
    assertThat(Requirement.notIn(key, v).matches(labels))
        .isEqualTo(!Requirement.in(key, v).matches(labels));
  }

  @Property(tries = 1000)
  void doesNotExistIsTheComplementOfExists(
      @ForAll("labels") Map<String, String> labels, @ForAll("keys") String key) {
    assertThat(Requirement.doesNotExist(key).matches(labels))
        .isEqualTo(!Requirement.exists(key).matches(labels));
  }

  @Property(tries = 1000)
  void matchLabelsEqualsInWithOneValue(
      @ForAll("labels") Map<String, String> labels,
      @ForAll("keys") String key,
      @ForAll("values") String value) {
    assertThat(LabelSelector.of(Map.of(key, value)).matches(labels))
        .isEqualTo(Requirement.in(key, value).matches(labels));
  }

  @Property(tries = 1000)
  void addingARequirementOnlyNarrows(
      @ForAll("labels") Map<String, String> labels,
      @ForAll("labels") Map<String, String> matchLabels,
      @ForAll("keys") String key,
      @ForAll("valueSets") Set<String> values) {
    LabelSelector s = LabelSelector.of(matchLabels);
    LabelSelector narrower = s.and(Requirement.in(key, values.toArray(new String[0])));
    if (narrower.matches(labels)) {
      assertThat(s.matches(labels)).isTrue();
    }
  }

  @Property(tries = 1000)
  void aSelectorBuiltFromTheLabelsMatchesThem(@ForAll("labels") Map<String, String> labels) {
    assertThat(LabelSelector.of(labels).matches(labels)).isTrue();
  }

  @Provide
  Arbitrary<String> keys() {
    return Arbitraries.of("tier", "env", "zone", "example.com/role");
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.of("web", "db", "prod", "dev", "a", "");
  }

  @Provide
  Arbitrary<Set<String>> valueSets() {
    return values().set().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<Map<String, String>> labels() {
    return Arbitraries.maps(keys(), values()).ofMaxSize(4);
  }
}
