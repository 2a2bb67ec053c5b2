package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store in a folder its reader may not write (another user's, a read-only mount): reads work, and
 * a write fails saying why. Run as root, the reader is the user {@code nobody}, in its own process,
 * since root may write anywhere.
 */
class ReadOnlyFolderTest {

  @TempDir Path dir;

  @Test
  void aStoreInAFolderTheReaderMayNotWriteCanBeReadAndRefusesWritesSayingWhy() throws Exception {
    Path folder = Files.createDirectory(dir.resolve("store"));
    String url = "jdbc:sqlite:" + folder.resolve("ipam.db");
    try (JdbcStore store = JdbcStore.open(url)) {
      IpamEngine.builder()
          .store(store)
          .build()
          .applyPool(IPPool.of("p", "pool", IPPoolSpec.root("10.0.0.0/16")));
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      List<String> lines = runAsReader(url);
      assertThat(lines).first().isEqualTo("pools 1");
      assertThat(lines.get(1))
          .startsWith(
              "refused: the store "
                  + folder.resolve("ipam.db")
                  + " is read-only here: this process may not write in its folder "
                  + folder);
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    }
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("ipam.db");
    }
  }

  /** The worker's output, run as this user, or as {@code nobody} when this is root. */
  private List<String> runAsReader(String url) throws IOException, InterruptedException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    String classPath = System.getProperty("java.class.path");
    if ("root".equals(System.getProperty("user.name"))) {
      classPath = copyReadableByAll(classPath);
      command.addAll(List.of("runuser", "-u", "nobody", "--"));
    }
    command.addAll(List.of(java, "-cp", classPath, ReadOnlyWorker.class.getName(), url));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().toList();
  }

  /** The class path, copied where another user may read it (root's Maven cache is private). */
  private String copyReadableByAll(String classPath) throws IOException {
    Path copies = Files.createDirectory(dir.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    int i = 0;
    for (String entry : classPath.split(File.pathSeparator)) {
      Path from = Path.of(entry);
      if (!Files.exists(from)) {
        continue;
      }
      Path to = copies.resolve(i++ + "-" + from.getFileName());
      try (Stream<Path> tree = Files.walk(from)) {
        for (Path f : (Iterable<Path>) tree::iterator) {
          Path target = to.resolve(from.relativize(f).toString());
          Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      entries.add(to.toString());
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) all::iterator) {
        if (!f.startsWith(dir.resolve("store"))) {
          Files.setPosixFilePermissions(
              f, PosixFilePermissions.fromString(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--"));
        }
      }
    }
    return String.join(File.pathSeparator, entries);
  }
}
