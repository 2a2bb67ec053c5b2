package org.ipam4j.ipamctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** ipamctl run in this JVM on one store and home folder, as a user types its commands. */
final class Commands {

  /** What one run printed and returned. */
  record Result(int code, String out, String err) {}

  private final String store;
  private final Path home;

  Commands(String store, Path home) {
    this.store = store;
    this.home = home;
  }

  /** One command, with {@code stdin} as its standard input. */
  Result input(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Ipamctl(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("IPAMCTL_STORE", store, "HOME", home.toString()))
            .run(args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The line of a table whose NAME (or another column) is {@code name}. */
  static String row(String table, String name) {
    return table
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.contains(" " + name + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + table));
  }

  /** One command, with nothing on its standard input. */
  Result run(String... args) {
    return input("", args);
  }
}
