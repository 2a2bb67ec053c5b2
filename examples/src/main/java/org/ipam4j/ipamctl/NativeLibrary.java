package org.ipam4j.ipamctl;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * SQLite's native library, unpacked once under {@code ~/.ipam4j/native/} instead of into the
 * temporary folder on every run (what sqlite-jdbc does by itself, about a tenth of a second of a
 * short command). The copy is named by the CRC the jar records for the library, so a copy from
 * another driver version, or a damaged one, is never loaded: it is written again. Anything that
 * goes wrong leaves sqlite-jdbc to do as it always does.
 */
final class NativeLibrary {

  private NativeLibrary() {}

  /** Points sqlite-jdbc at the unpacked copy, unpacking it first if needed. */
  static void useCachedCopy(Map<String, String> env) {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return; // the user chose a library
    }
    try {
      Path jar = Path.of(Ipamctl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(jar)) {
        return; // not run from the jar (tests, an IDE)
      }
      Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".ipam4j");
      Optional<Path> library = unpacked(jar, home.resolve("native"));
      if (library.isPresent()) {
        System.setProperty("org.sqlite.lib.path", library.get().getParent().toString());
        System.setProperty("org.sqlite.lib.name", library.get().getFileName().toString());
      }
    } catch (URISyntaxException | RuntimeException | LinkageError e) {
      // sqlite-jdbc unpacks its library itself, as without this.
    }
  }

  /**
   * The library of this platform in {@code jar}, unpacked under {@code cache} in a folder named by
   * its CRC: written (whole, by an atomic move) when missing or when its own CRC differs (a
   * millisecond for the 1 MB library, against the tenth of a second of unpacking it).
   *
   * @return the unpacked file, or empty when the jar has no library for this platform or the copy
   *     cannot be written
   */
  private static long crc(Path file) throws IOException {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(Files.readAllBytes(file));
    return crc.getValue();
  }

  static Optional<Path> unpacked(Path jar, Path cache) {
    String folder = org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS();
    String name = System.mapLibraryName("sqlitejdbc");
    if (name.endsWith(".dylib")) {
      name = "libsqlitejdbc.dylib";
    }
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry("org/sqlite/native/" + folder + "/" + name);
      if (entry == null || entry.getCrc() < 0 || entry.getSize() < 0) {
        return Optional.empty();
      }
      Path dir = cache.resolve(folder.replace('/', '-') + "-" + Long.toHexString(entry.getCrc()));
      Path library = dir.resolve(name);
      if (!Files.isRegularFile(library)
          || Files.size(library) != entry.getSize()
          || crc(library) != entry.getCrc()) {
        Files.createDirectories(dir);
        Path partial = Files.createTempFile(dir, name, ".partial");
        try (InputStream in = file.getInputStream(entry)) {
          Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(partial, library, StandardCopyOption.ATOMIC_MOVE);
      }
      return Optional.of(library);
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
