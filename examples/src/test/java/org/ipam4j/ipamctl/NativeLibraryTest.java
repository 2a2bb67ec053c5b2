package org.ipam4j.ipamctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryTest {

  @TempDir Path cache;

  @Test
  void theLibraryIsUnpackedOnceAndADamagedCopyIsWrittenAgain() throws Exception {
    Path driver =
        Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path library = NativeLibrary.unpacked(driver, cache).orElseThrow();
    long size;
    try (JarFile jar = new JarFile(driver.toFile())) {
      size =
          jar.getEntry(
                  "org/sqlite/native/"
                      + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS()
                      + "/"
                      + library.getFileName())
              .getSize();
    }
    assertThat(Files.size(library)).isEqualTo(size);
    long written = Files.getLastModifiedTime(library).toMillis();
    Thread.sleep(20);
    assertThat(NativeLibrary.unpacked(driver, cache)).contains(library);
    assertThat(Files.getLastModifiedTime(library).toMillis())
        .as("not written again")
        .isEqualTo(written);
    Files.write(library, new byte[100]); // damaged: cut short
    assertThat(NativeLibrary.unpacked(driver, cache)).contains(library);
    assertThat(Files.size(library)).isEqualTo(size);
    byte[] same = Files.readAllBytes(library);
    same[same.length / 2] ^= 1; // damaged: one bit, same size
    Files.write(library, same);
    assertThat(NativeLibrary.unpacked(driver, cache)).contains(library);
    same[same.length / 2] ^= 1;
    assertThat(Files.readAllBytes(library)).isEqualTo(same);
    try (var left = Files.list(library.getParent())) {
      assertThat(left).containsExactly(library); // no partial file left behind
    }
  }

  @Test
  void aCopyCheckedBeforeIsFoundWithoutTheJarUntilItChanges() throws Exception {
    Path driver =
        Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    assertThat(NativeLibrary.checkedBefore(driver, cache)).isEmpty();
    Path library = NativeLibrary.unpacked(driver, cache).orElseThrow();
    NativeLibrary.remember(driver, cache, library);
    assertThat(NativeLibrary.checkedBefore(driver, cache)).contains(library);
    Thread.sleep(20);
    byte[] bytes = Files.readAllBytes(library);
    bytes[bytes.length / 2] ^= 1; // damaged in place, same size: its time moves on
    Files.write(library, bytes);
    assertThat(NativeLibrary.checkedBefore(driver, cache)).isEmpty();
    Files.delete(library);
    assertThat(NativeLibrary.checkedBefore(driver, cache)).isEmpty();
  }
}
