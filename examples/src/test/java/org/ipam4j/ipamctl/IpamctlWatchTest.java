package org.ipam4j.ipamctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ipamctl get -w} in its own process, while this one applies. */
class IpamctlWatchTest {

  @TempDir Path dir;

  private String store() {
    return "jdbc:sqlite:" + dir.resolve("ipam.db");
  }

  private int ipamctl(String stdin, String... args) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    return new Ipamctl(
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(sink, true, StandardCharsets.UTF_8),
            new PrintStream(sink, true, StandardCharsets.UTF_8),
            Map.of("IPAMCTL_STORE", store(), "HOME", dir.toString()))
        .run(args);
  }

  private static final String POOL =
      "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: p}\n"
          + "spec: {cidr: 10.0.0.0/30}\n";

  private static String claim(String name) {
    return "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\nmetadata: {name: "
        + name
        + "}\nspec: {ipFamily: IPv4, prefixLength: 31, poolRef: {name: p}}\n";
  }

  /** A watching ipamctl: its output lines as they come. */
  private static final class Watcher implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    Watcher(String store, String... args) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(Ipamctl.class.getName());
      command.add("--store");
      command.add(store);
      command.addAll(List.of(args));
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  r.lines().forEach(lines::add);
                } catch (IOException ignored) {
                  // ended
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    String next() throws InterruptedException {
      String line = lines.poll(60, TimeUnit.SECONDS);
      assertThat(line).as("a line from ipamctl get -w").isNotNull();
      return line;
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  @Test
  void aTableWatchPrintsTheListThenARowPerChange() throws Exception {
    assertThat(ipamctl(POOL + "---\n" + claim("a"), "apply", "-f", "-")).isZero();
    try (Watcher w = new Watcher(store(), "get", "ipclaims", "-w")) {
      assertThat(w.next()).matches("NAME +FAMILY +PREFIX +CIDR +PHASE +AGE");
      assertThat(w.next()).matches("a +IPv4 +31 +10\\.0\\.0\\.0/31 +Bound +\\S+");
      assertThat(ipamctl(claim("b") + "---\n" + claim("c"), "apply", "-f", "-")).isZero();
      assertThat(w.next()).matches("b +IPv4 +31 +10\\.0\\.0\\.2/31 +Bound +\\S+");
      assertThat(w.next()).matches("c +IPv4 +31 +<none> +Pending +\\S+");
      assertThat(ipamctl("", "delete", "ipclaim", "a")).isZero();
      // a's deletion, then c bound in the block a let go.
      assertThat(w.next()).matches("a +IPv4 +31 +10\\.0\\.0\\.0/31 +Bound +\\S+");
      assertThat(w.next()).matches("c +IPv4 +31 +10\\.0\\.0\\.0/31 +Bound +\\S+");
    }
  }

  @Test
  void aJsonWatchPrintsOneEventPerLine() throws Exception {
    assertThat(ipamctl(POOL, "apply", "-f", "-")).isZero();
    try (Watcher w =
        new Watcher(store(), "get", "ippools", "-w", "-o", "json", "--output-watch-events")) {
      assertThat(w.next())
          .startsWith("{\"type\":\"ADDED\",\"object\":{\"apiVersion\":")
          .contains("\"name\":\"p\"");
      assertThat(ipamctl(claim("a"), "apply", "-f", "-")).isZero();
      assertThat(w.next())
          .startsWith("{\"type\":\"MODIFIED\",\"object\":{")
          .contains("\"allocated\":\"2\"")
          .endsWith("}}");
    }
    try (Watcher w = new Watcher(store(), "get", "ippools", "--watch", "-o", "json")) {
      assertThat(w.next())
          .startsWith("{\"apiVersion\":\"ipam.miloapis.com/v1alpha1\",\"kind\":\"IPPool\"");
    }
  }
}
