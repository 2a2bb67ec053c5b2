package org.ipam4j.ipamctl;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: positional words and options, kubectl-style ({@code -o yaml}, {@code
 * --store=URL}).
 */
final class Args {

  private static final Set<String> WITH_VALUE =
      Set.of(
          "store",
          "project",
          "namespace",
          "n",
          "f",
          "filename",
          "l",
          "selector",
          "o",
          "output",
          "svg",
          "lock-timeout");
  private static final Set<String> FLAGS =
      Set.of(
          "A",
          "all-namespaces",
          "all-projects",
          "dry-run",
          "recursive",
          "help",
          "h",
          "w",
          "watch",
          "output-watch-events",
          "ignore-not-found");
  private static final Map<String, String> ALIASES =
      Map.of(
          "filename",
          "f",
          "selector",
          "l",
          "output",
          "o",
          "all-namespaces",
          "A",
          "all-projects",
          "A",
          "h",
          "help",
          "w",
          "watch",
          "namespace",
          "project",
          "n",
          "project");

  final List<String> command = new ArrayList<>();
  private final Map<String, List<String>> values = new HashMap<>();

  static Args parse(String[] argv) {
    Args args = new Args();
    for (int i = 0; i < argv.length; i++) {
      String a = argv[i];
      if (a.equals("-") || !a.startsWith("-")) {
        args.command.add(a);
        continue;
      }
      String name = a.startsWith("--") ? a.substring(2) : a.substring(1);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (FLAGS.contains(name)) {
        args.values
            .computeIfAbsent(ALIASES.getOrDefault(name, name), k -> new ArrayList<>())
            .add("true");
        continue;
      }
      if (!WITH_VALUE.contains(name)) {
        throw new IllegalArgumentException("unknown option " + a);
      }
      if (value == null) {
        if (i + 1 >= argv.length) {
          throw new IllegalArgumentException("option " + a + " needs a value");
        }
        value = argv[++i];
      }
      args.values
          .computeIfAbsent(ALIASES.getOrDefault(name, name), k -> new ArrayList<>())
          .add(value);
    }
    return args;
  }

  Optional<String> value(String name) {
    List<String> v = values.get(name);
    return v == null ? Optional.empty() : Optional.of(v.get(v.size() - 1));
  }

  List<String> values(String name) {
    return values.getOrDefault(name, List.of());
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }
}
