package org.ipam4j.ipamctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ipamctl}: the script at the repository's root, run as a user runs it (through a
 * symlink on the PATH, in a fresh home folder), on the jar this build just packaged. Runs after the
 * package phase (failsafe), since the script runs that jar.
 */
class IpamctlScriptIT {

  private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @TempDir Path dir;

  /** What one run of the script printed and returned. */
  record Run(int code, String out, String err) {}

  /** The links point out of the temporary folder: removed here, so that only they go. */
  @AfterEach
  void removeLinks() throws IOException {
    Files.deleteIfExists(dir.resolve("bin/ipamctl"));
    Files.deleteIfExists(dir.resolve("opt/ipamctl"));
  }

  private Path home() throws IOException {
    return Files.createDirectories(dir.resolve("home"));
  }

  private String store() {
    return "jdbc:sqlite:" + dir.resolve("ipam.db");
  }

  /** {@code ipamctl ARGS} through a symlink on the PATH, with {@code extra} in its environment. */
  private Run ipamctl(Map<String, String> extra, String... args) throws Exception {
    Path bin = dir.resolve("bin");
    if (!Files.exists(bin.resolve("ipamctl"))) {
      // Two links, the second relative, as package managers and users make them.
      Path other = Files.createDirectories(dir.resolve("opt"));
      Files.createSymbolicLink(other.resolve("ipamctl"), ROOT.resolve("ipamctl"));
      Files.createDirectories(bin);
      Files.createSymbolicLink(bin.resolve("ipamctl"), Path.of("../opt/ipamctl"));
    }
    // The shell finds ipamctl on the PATH given here, as a user's shell does.
    List<String> command = new ArrayList<>(List.of("bash", "-c", "exec ipamctl \"$@\"", "bash"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.remove("IPAMCTL_STORE");
    env.remove("IPAMCTL_NO_CDS");
    env.remove("IPAMCTL_JAVA_OPTIONS");
    env.put("HOME", home().toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("PATH", bin + java.io.File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.putAll(extra);
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("ipamctl %s ends", command).isTrue();
    Run run =
        new Run(
            p.exitValue(),
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    // Whatever happens, nothing on standard error is a terminal's colour code.
    assertThat(run.err()).as("standard error of ipamctl %s", command).doesNotContain("\u001b");
    return run;
  }

  private Run ipamctl(String... args) throws Exception {
    return ipamctl(Map.of(), args);
  }

  private List<Path> files(Path folder, String glob) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    List<Path> found = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(folder, glob)) {
      stream.forEach(found::add);
    }
    return found;
  }

  private Path cds() throws IOException {
    return home().resolve(".ipam4j/cds");
  }

  @Test
  void runsThroughASymlinkOnThePathAndSaysItsVersion() throws Exception {
    Run version = ipamctl("version");
    assertThat(version.code()).as(version.err()).isZero();
    assertThat(version.out()).startsWith("ipamctl ").contains("API: ipam.miloapis.com/v1alpha1");
    Run help = ipamctl("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).startsWith("Usage: ipamctl");
  }

  @Test
  void theFirstRunMakesOneArchiveThatEveryCommandThenStartsFrom() throws Exception {
    String quickstart = ROOT.resolve("examples/manifests/quickstart.yaml").toString();
    // A read-only command first: the archive must still serve apply (it once held only get's).
    Run first = ipamctl("--store", store(), "get", "ippools");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).isEmpty();
    assertThat(first.err()).isEqualTo("No resources found in project default.\n");
    assertThat(files(cds(), "ipamctl-*-*.jsa")).hasSize(1);
    assertThat(files(cds(), ".ipamctl-*")).as("no partial archive left").isEmpty();
    assertThat(files(cds(), "*.failed")).as("the training answered as it should").isEmpty();

    Path log = dir.resolve("classes.log");
    Run apply =
        ipamctl(
            Map.of("IPAMCTL_JAVA_OPTIONS", "-Xlog:class+load:file=" + log),
            "--store",
            store(),
            "apply",
            "-f",
            quickstart);
    assertThat(apply.code()).as(apply.err()).isZero();
    assertThat(apply.out())
        .isEqualTo("ippool/web-pool created\nipclaim/web-tier-v4 created Bound 10.0.0.0/24\n");
    String loaded = Files.readString(log);
    assertThat(loaded)
        .contains("org.ipam4j.ipamctl.Ipamctl source: shared objects file (top)")
        .contains("com.fasterxml.jackson.databind.ObjectMapper source: shared objects file (top)")
        .contains("org.ipam4j.yaml.Manifests source: shared objects file (top)");
    assertThat(files(cds(), "ipamctl-*-*.jsa")).as("no second archive").hasSize(1);
  }

  @Test
  void aTruncatedArchiveIsMadeAgainNotUsed() throws Exception {
    assertThat(ipamctl("--store", store(), "get", "ippools").code()).isZero();
    Path archive = files(cds(), "ipamctl-*-*.jsa").get(0);
    byte[] whole = Files.readAllBytes(archive);
    archive.toFile().setWritable(true);
    // A header the JVM accepts and regions cut short: the JVM crashes on such a file.
    Files.write(archive, java.util.Arrays.copyOf(whole, whole.length / 4));
    Run run = ipamctl("--store", store(), "get", "ippools");
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.err()).isEqualTo("No resources found in project default.\n");
    List<Path> archives = files(cds(), "ipamctl-*-*.jsa");
    assertThat(archives).hasSize(1);
    String name = archives.get(0).getFileName().toString();
    assertThat(name).endsWith("-" + Files.size(archives.get(0)) + ".jsa");
  }

  @Test
  void aDamagedCopyOfTheSqliteLibraryIsWrittenAgain() throws Exception {
    assertThat(ipamctl("--store", store(), "get", "ippools").code()).isZero();
    List<Path> libraries;
    try (Stream<Path> walk = Files.walk(home().resolve(".ipam4j/native"))) {
      libraries =
          walk.filter(Files::isRegularFile)
              .filter(p -> !p.getFileName().toString().endsWith(".txt"))
              .toList();
    }
    assertThat(libraries).isNotEmpty();
    for (Path library : libraries) {
      Files.write(library, "not a library".getBytes(StandardCharsets.UTF_8));
    }
    String manifest =
        Files.writeString(
                dir.resolve("pool.yaml"),
                "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: p}\n"
                    + "spec: {cidr: 10.9.0.0/16}\n")
            .toString();
    Run apply = ipamctl("--store", store(), "apply", "-f", manifest);
    assertThat(apply.code()).as(apply.err()).isZero();
    assertThat(apply.out()).isEqualTo("ippool/p created\n");
    assertThat(ipamctl("--store", store(), "get", "ippools", "-o", "name").out())
        .isEqualTo("ippool/p\n");
  }

  @Test
  void errorsAndTheRunWithoutAnArchiveSpeakAsTheToolDoes() throws Exception {
    Run missing = ipamctl("--store", store(), "get", "ippool", "nope");
    assertThat(missing.code()).isEqualTo(5);
    assertThat(missing.err()).startsWith("error: ").contains("\"nope\"");
    Run typo = ipamctl("--store", store(), "get", "ippool", "-o", "tabel");
    assertThat(typo.code()).isEqualTo(2);
    Run plain = ipamctl(Map.of("IPAMCTL_NO_CDS", "1"), "--store", store(), "get", "ippools");
    assertThat(plain.code()).as(plain.err()).isZero();
    assertThat(plain.err()).isEqualTo("No resources found in project default.\n");
  }
}
