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
 *
 * <p>Finding the library costs too: sqlite-jdbc names the platform's folder by running {@code
 * uname} in a child process, and checking the copy reads the jar's directory and the whole library.
 * Once a copy is checked, a small pointer file, named by the jar's size and time, records where it
 * is and its size and modification time; a later run of the same jar that finds the copy exactly so
 * loads it without asking again. Anything else (a rebuilt jar, a copy written since) takes the full
 * way.
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
      Path cache = home.resolve("native");
      Optional<Path> library = checkedBefore(jar, cache);
      if (library.isEmpty()) {
        library = unpacked(jar, cache);
        if (library.isPresent()) {
          remember(jar, cache, library.get());
        }
      }
      if (library.isPresent()) {
        System.setProperty("org.sqlite.lib.path", library.get().getParent().toString());
        System.setProperty("org.sqlite.lib.name", library.get().getFileName().toString());
      }
    } catch (URISyntaxException | RuntimeException | LinkageError e) {
      // sqlite-jdbc unpacks its library itself, as without this.
    }
  }

  /** The pointer file of this jar: its size and modification time name it. */
  private static Path pointer(Path jar, Path cache) throws IOException {
    return cache.resolve(
        "checked-" + Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + ".txt");
  }

  /** What the pointer says of a copy: its path, size and modification time, one a line. */
  private static String describe(Path library) throws IOException {
    return library + "\n" + Files.size(library) + "\n" + Files.getLastModifiedTime(library) + "\n";
  }

  /**
   * The copy a run of this same jar checked, if it is still exactly as it was then (same size and
   * modification time, to the file system's precision); empty otherwise.
   */
  static Optional<Path> checkedBefore(Path jar, Path cache) {
    try {
      Path pointer = pointer(jar, cache);
      if (!Files.isRegularFile(pointer)) {
        return Optional.empty();
      }
      String said = Files.readString(pointer);
      Path library = Path.of(said.substring(0, said.indexOf('\n')));
      return Files.isRegularFile(library) && describe(library).equals(said)
          ? Optional.of(library)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Records a copy just checked against the jar, written whole (an atomic move). */
  static void remember(Path jar, Path cache, Path library) {
    try {
      Path partial = Files.createTempFile(cache, "checked", ".partial");
      Files.writeString(partial, describe(library));
      Files.move(partial, pointer(jar, cache), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      // No pointer: the next run checks the copy again.
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
