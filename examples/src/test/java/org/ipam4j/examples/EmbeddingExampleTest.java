package org.ipam4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

  @Test
  void printsThePoolAndEachClaimAsItIsBoundOrWaits() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    EmbeddingExample.run(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
        .containsExactly(
            "ippool/web-pool Ready 10.0.0.0/23 (512 addresses)",
            "ipclaim/web-tier-v4 Bound 10.0.0.0/24",
            "ipclaim/web-tier-v4-b Bound 10.0.1.0/24",
            "ipclaim/web-tier-v4-c Pending (no free /24 in IPPool web-pool; waiting for space)",
            "ipclaim/web-tier-v4-c Bound 10.0.0.0/24",
            "free /26 blocks left in web-pool: 0");
  }
}
