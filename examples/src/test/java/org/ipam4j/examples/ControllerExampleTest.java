package org.ipam4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ControllerExampleTest {

  @Test
  void theControllerAddsAPoolAndTheWaitingClaimsAreBound() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ControllerExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(8);
    assertThat(lines.get(0)).isEqualTo("controller: synced at revision 0");
    // Whether one claim or both waited when the controller acted depends on timing.
    assertThat(lines.get(1))
        .matches(
            "controller: (a claim waits|2 claims wait) and no web pool has room; adding web-1"
                + " \\(10\\.0\\.1\\.0/24\\)");
    assertThat(lines.subList(2, 6))
        .containsExactly(
            "svc-0 Bound 10.0.0.0/26",
            "svc-1 Bound 10.0.0.64/26",
            "svc-2 Bound 10.0.0.128/26",
            "svc-3 Bound 10.0.0.192/26");
    assertThat(lines.subList(6, 8))
        .allMatch(l -> l.matches("svc-[45] Bound 10\\.0\\.1\\.(0|64)/26"))
        .doesNotHaveDuplicates();
  }
}
