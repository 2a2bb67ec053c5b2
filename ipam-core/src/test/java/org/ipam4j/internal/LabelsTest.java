package org.ipam4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.ipam4j.model.ObjectMeta;
import org.junit.jupiter.api.Test;

class LabelsTest {

  @Test
  void labelKeysFollowKubernetesRules() {
    assertThat(Labels.validate("l", Map.of("app.kubernetes.io/name", "x"))).isEmpty();
    assertThat(Labels.validate("l", Map.of("a".repeat(63), "x"))).isEmpty();
    assertThat(Labels.validate("l", Map.of("a".repeat(64), "x"))).hasSize(1);
    assertThat(Labels.validate("l", Map.of("UPPER.example/x", "x"))).hasSize(1);
    assertThat(Labels.validate("l", Map.of("x", ""))).isEmpty();
    assertThat(Labels.validate("l", Map.of("x", "v".repeat(64)))).hasSize(1);
    assertThat(Labels.isDns1123Subdomain("web-tier-v4")).isTrue();
    assertThat(Labels.isDns1123Subdomain("a.b.c")).isTrue();
    assertThat(Labels.isDns1123Subdomain("Web")).isFalse();
    assertThat(Labels.isDns1123Subdomain("a..b")).isFalse();
    assertThat(Labels.isDns1123Subdomain("")).isFalse();
    assertThat(ObjectMeta.isValidName("web-tier-v4")).isTrue();
    assertThat(ObjectMeta.isValidName("Web")).isFalse();
  }
}
