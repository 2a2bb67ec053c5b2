package org.ipam4j.ipamctl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which store ipamctl opens, and how: {@code --store}, the default store's modes, the lock timeout.
 */
final class StoreOptions {

  private StoreOptions() {}

  /** {@code --lock-timeout}: {@code 500ms}, {@code 10s}, {@code 2m}, or seconds, as kubectl's. */
  static Duration lockTimeout(Args args) {
    Optional<String> value = args.value("lock-timeout");
    if (value.isEmpty()) {
      return Duration.ofSeconds(30);
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h)?").matcher(value.get());
    if (!m.matches()) {
      throw new Ipamctl.UsageException(
          "--lock-timeout \"" + value.get() + "\" is not a duration such" + " as 500ms, 10s or 2m");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.isZero() || d.compareTo(Duration.ofDays(1)) > 0) {
      throw new Ipamctl.UsageException(
          "--lock-timeout \"" + value.get() + "\" must be more than 0" + " and at most a day");
    }
    return d;
  }

  /** {@code --store}, else {@code $IPAMCTL_STORE}, else the default store, made private. */
  static String storeUrl(Args args, Map<String, String> env) {
    Optional<String> url =
        args.value("store")
            .or(() -> Optional.ofNullable(env.get("IPAMCTL_STORE")).filter(s -> !s.isBlank()));
    if (url.isPresent()) {
      return url.get();
    }
    Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".ipam4j");
    try {
      privateStore(home);
    } catch (IOException e) {
      throw new Ipamctl.UsageException("cannot prepare " + home + ": " + e.getMessage());
    }
    return "jdbc:sqlite:" + home.resolve("ipam.db");
  }

  /** The default store's files, which SQLite's WAL and SHM files take their mode from. */
  private static final List<String> STORE_FILES =
      List.of("ipam.db", "ipam.db-wal", "ipam.db-shm", "ipam.db-journal", "ipam.db-ipam4j.locks");

  /**
   * The default store holds every project's objects: its folder is the user's alone (0700) and so
   * are its files (0600), whatever the umask, also when they exist with wider modes. The database
   * and lock files are made here, before SQLite or the lock opens them with the umask.
   */
  static void privateStore(Path home) throws IOException {
    if (!home.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(home);
      return;
    }
    java.util.Set<java.nio.file.attribute.PosixFilePermission> owner =
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------");
    java.util.Set<java.nio.file.attribute.PosixFilePermission> ownerFile =
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------");
    if (!Files.isDirectory(home)) {
      Files.createDirectories(
          home, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(owner));
    }
    Files.setPosixFilePermissions(home, owner);
    for (String name : STORE_FILES) {
      Path file = home.resolve(name);
      boolean made = name.equals("ipam.db") || name.endsWith(".locks");
      if (made && !Files.exists(file)) {
        Files.createFile(
            file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(ownerFile));
      }
      if (Files.exists(file)) {
        Files.setPosixFilePermissions(file, ownerFile);
      }
    }
  }
}
