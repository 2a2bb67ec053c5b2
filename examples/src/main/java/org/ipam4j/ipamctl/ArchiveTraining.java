package org.ipam4j.ipamctl;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the {@code ipamctl} script runs once, with {@code -XX:ArchiveClassesAtExit}, to make the
 * class-data sharing archive every later run starts from: each command a user types, in one JVM, on
 * a store of its own in a temporary folder, so that the archive holds what every command loads and
 * not only what the first command a user happened to type loaded (an archive made by {@code get}
 * alone left {@code apply} to load Jackson's object mapper and the YAML reader from the jar).
 *
 * <p>It prints nothing and touches nothing of the user's but the unpacked SQLite library under
 * {@code ~/.ipam4j/native}, which the next run would unpack anyway. It exits 0 only if every
 * command answered as it should: an archive made from a run that went wrong is not kept.
 */
public final class ArchiveTraining {

  private static final String MANIFEST =
      """
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPPool
      metadata: {name: web-pool, labels: {tier: web}}
      spec: {cidr: 10.0.0.0/16}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPPool
      metadata: {name: site, annotations: {ipam.miloapis.com/allowed-projects: "*"}}
      spec:
        cidr: 2001:db8::/48
        visibility: shared
        reservations: {leading: 1, unitPrefixLength: 64}
        allocation: {strategy: BestFit}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPPool
      metadata: {name: site-a}
      spec: {parentPoolRef: {name: site}, prefixLength: 56}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPClaim
      metadata: {name: web-tier-v4}
      spec: {ipFamily: IPv4, prefixLength: 24, poolSelector: {matchLabels: {tier: web}}}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPClaim
      metadata: {name: gateway}
      spec: {ipFamily: IPv4, prefixLength: 32, poolRef: {name: web-pool}, address: 10.0.255.1}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPClaim
      metadata: {name: node-a}
      spec: {ipFamily: IPv6, prefixLength: 64, poolRef: {name: site-a}}
      ---
      apiVersion: ipam.miloapis.com/v1alpha1
      kind: IPClaim
      metadata: {name: waits}
      spec: {ipFamily: IPv4, prefixLength: 24, poolRef: {name: web-pol}}
      """;

  private ArchiveTraining() {}

  /** Runs the commands; exit status 0 if each answered as expected, 1 otherwise. */
  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("ipamctl-training");
    boolean ok;
    try {
      ok = train(dir);
    } finally {
      delete(dir);
    }
    System.exit(ok ? 0 : 1);
  }

  private static boolean train(Path dir) throws IOException {
    Path manifest = dir.resolve("training.yaml");
    Files.writeString(manifest, MANIFEST);
    String store = "jdbc:sqlite:" + dir.resolve("training.db");
    String file = manifest.toString();
    List<List<String>> commands =
        List.of(
            List.of("apply", "-f", file, "--dry-run"),
            List.of("apply", "-f", file),
            List.of("apply", "-f", file),
            List.of("get", "ippools"),
            List.of("get", "ipclaims", "-A"),
            List.of("get", "ipalloc", "-o", "wide"),
            List.of("get", "ippools", "-o", "yaml"),
            List.of("get", "ipclaims", "-o", "json"),
            List.of("get", "ipclaim", "web-tier-v4", "-o", "name"),
            List.of("get", "ippool", "web-pool", "-o", "yaml"),
            List.of("describe", "ippool", "site"),
            List.of("describe", "ipclaim", "web-tier-v4"),
            List.of("pool", "tree"),
            List.of("check"),
            List.of("export"),
            List.of("delete", "ipclaim", "gateway"),
            List.of("delete", "-f", file, "--ignore-not-found"),
            List.of("explain", "ipclaims"),
            List.of("explain", "ippools.spec", "--recursive"),
            List.of("version"));
    for (List<String> command : commands) {
      if (run(store, command, Ipamctl.OK) != Ipamctl.OK) {
        return false;
      }
    }
    // The commonest failures a user meets: a name that is not there, a usage error.
    return run(store, List.of("get", "ippool", "nope"), 5) == 5
        && run(store, List.of("get", "frobnicate"), Ipamctl.USAGE) == Ipamctl.USAGE;
  }

  /** One command's exit status; the commands' error output goes to standard error if it fails. */
  private static int run(String store, List<String> command, int expected) {
    PrintStream nowhere =
        new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("IPAMCTL_STORE", store);
    List<String> args = Stream.concat(Stream.of("--store", store), command.stream()).toList();
    int code =
        new Ipamctl(
                new ByteArrayInputStream(new byte[0]),
                nowhere,
                new PrintStream(errors, true, StandardCharsets.UTF_8),
                env)
            .run(args.toArray(String[]::new));
    if (code != expected) {
      System.err.println(
          "ipamctl "
              + String.join(" ", command)
              + " exited "
              + code
              + ": "
              + errors.toString(StandardCharsets.UTF_8).strip());
    }
    return code;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
