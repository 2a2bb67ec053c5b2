package org.ipam4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ControllerExampleTest {

  @Test
  void theControllerAddsAPoolAndTheWaitingClaimsAreBound() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ControllerExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "controller: web-0 is exhausted; adding web-1",
            "svc-0 Bound 10.0.0.0/26",
            "svc-1 Bound 10.0.0.64/26",
            "svc-2 Bound 10.0.0.128/26",
            "svc-3 Bound 10.0.0.192/26",
            "svc-4 Bound 10.0.1.0/26",
            "svc-5 Bound 10.0.1.64/26");
  }
}
