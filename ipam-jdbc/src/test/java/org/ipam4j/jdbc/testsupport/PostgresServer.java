package org.ipam4j.jdbc.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A PostgreSQL server for tests and benchmarks: {@code initdb} into a temporary folder and {@code
 * pg_ctl} on a free loopback port, started once per JVM and stopped when it exits. PostgreSQL
 * refuses to run as root, so as root the server runs as the {@code postgres} (or {@code nobody})
 * user. With {@code IPAM4J_POSTGRES_URL} set (a URL to a database whose user may create databases),
 * that server is used instead.
 */
public final class PostgresServer {

  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static String adminUrl;
  private static String unavailable;

  private PostgresServer() {}

  /** Why no server could be had, or empty once one runs. */
  public static synchronized Optional<String> unavailable() {
    if (adminUrl == null && unavailable == null) {
      try {
        adminUrl = start();
      } catch (IOException | InterruptedException | RuntimeException e) {
        unavailable = "could not start PostgreSQL: " + e;
      }
    }
    return adminUrl == null ? Optional.of(unavailable) : Optional.empty();
  }

  /**
   * A URL to a new, empty database.
   *
   * @throws IllegalStateException if no server can be had; see {@link #unavailable()}
   */
  public static synchronized String freshDatabaseUrl() {
    unavailable()
        .ifPresent(
            why -> {
              throw new IllegalStateException(why);
            });
    String db = "ipam_test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + db, e);
    }
    return adminUrl.replaceFirst("/[^/?]*(\\?|$)", "/" + db + "$1");
  }

  private static String start() throws IOException, InterruptedException {
    String external = System.getenv("IPAM4J_POSTGRES_URL");
    if (external != null && !external.isBlank()) {
      return external;
    }
    Optional<Path> bin = binaries();
    if (bin.isEmpty()) {
      unavailable = "no initdb/pg_ctl on the PATH or under /usr/lib/postgresql";
      return null;
    }
    Path dir = Files.createTempDirectory("ipam4j-pg");
    String user = null;
    if ("root".equals(System.getProperty("user.name"))) {
      user = exists("postgres") ? "postgres" : "nobody";
      run(List.of("chown", user, dir.toString()), null);
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path data = dir.resolve("data");
    run(
        List.of(
            bin.get().resolve("initdb").toString(),
            "-D",
            data.toString(),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync"),
        user);
    run(
        List.of(
            bin.get().resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            dir.resolve("log").toString(),
            "-w",
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c max_connections=200",
            "start"),
        user);
    String runAs = user;
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    run(
                        List.of(
                            bin.get().resolve("pg_ctl").toString(),
                            "-D",
                            data.toString(),
                            "-m",
                            "immediate",
                            "-w",
                            "stop"),
                        runAs);
                    run(List.of("rm", "-rf", dir.toString()), null);
                  } catch (IOException | InterruptedException e) {
                    System.err.println("could not stop the test PostgreSQL server: " + e);
                  }
                }));
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  private static Optional<Path> binaries() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir);
      if (Files.isExecutable(p.resolve("initdb")) && Files.isExecutable(p.resolve("pg_ctl"))) {
        return Optional.of(p);
      }
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (var versions = Files.list(debian)) {
        return versions
            .map(v -> v.resolve("bin"))
            .filter(b -> Files.isExecutable(b.resolve("initdb")))
            .sorted()
            .reduce((a, b) -> b);
      } catch (IOException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean exists(String user) {
    try {
      return new ProcessBuilder("id", user).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static void run(List<String> command, String user)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>();
    if (user != null) {
      full.addAll(List.of("runuser", "-u", user, "--"));
    }
    full.addAll(command);
    Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", full) + " failed: " + output);
    }
  }
}
