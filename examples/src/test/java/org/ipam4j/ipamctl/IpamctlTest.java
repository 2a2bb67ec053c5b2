package org.ipam4j.ipamctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ipam4j.ipamctl.Commands.Result;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ipamctl driven as a user drives it: commands, formats, exit codes, several processes. */
class IpamctlTest {

  @TempDir Path dir;

  private String store;

  @BeforeEach
  void store() {
    store = "jdbc:sqlite:" + dir.resolve("ipam.db");
  }

  private Result input(String stdin, String... args) {
    return new Commands(store, dir).input(stdin, args);
  }

  private Result run(String... args) {
    return input("", args);
  }

  private static final String QUICKSTART = quickstart();

  private static String quickstart() {
    try {
      return Files.readString(Path.of("manifests/quickstart.yaml"));
    } catch (IOException e) {
      throw new IllegalStateException("run from the examples module", e);
    }
  }

  @Test
  void quickstartAppliesAndPrintsTheClaimsBlock() {
    Result r = run("apply", "-f", "manifests/quickstart.yaml");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .isEqualTo("ippool/web-pool created\n" + "ipclaim/web-tier-v4 created Bound 10.0.0.0/24\n");
    Result again = input(QUICKSTART, "apply", "-f", "-");
    assertThat(again.out())
        .isEqualTo(
            "ippool/web-pool unchanged\n" + "ipclaim/web-tier-v4 unchanged Bound 10.0.0.0/24\n");
  }

  @Test
  void aDryRunAnswersExactlyWhatTheRealApplyDoes() {
    Result dry = run("apply", "-f", "manifests/", "--dry-run");
    assertThat(dry.code()).as(dry.err()).isZero();
    assertThat(run("get", "ippools", "-A").err()).startsWith("No resources found");
    Result real = run("apply", "-f", "manifests/");
    assertThat(real.code()).as(real.err()).isZero();
    assertThat(dry.out())
        .isEqualTo(
            real.out()
                .replace(" created", " created (dry run)")
                .replace(" configured", " configured (dry run)"));
    assertThat(dry.out()).contains("ipclaim/web-tier-v4 created (dry run) Bound 10.0.0.0/24");
  }

  private static final String POOL_A =
      "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\n"
          + "metadata: {name: pa}\nspec: {cidr: 10.1.0.0/16}\n";
  private static final String CLAIM_A =
      "---\napiVersion: ipam.miloapis.com/v1alpha1\n"
          + "kind: IPClaim\nmetadata: {name: ca}\nspec: {ipFamily: IPv4, prefixLength: 24,"
          + " poolRef: {name: pa}}\n";

  @Test
  void aFileWithABadDocumentStoresNothingAndNamesEveryProblem() {
    String[][] cases = {
      {
        "3",
        "kind: IPClaim\nmetadata: {name: cb}\nspec: {ipFamily: IPv4, prefixLength: 33,"
            + " poolRef: {name: pa}}",
        "line 14, col 38: spec.prefixLength: 33 is not"
      },
      {
        "6",
        "kind: IPPool\nmetadata: {name: pb}\nspec: {cidr: 10.1.0.0/17}",
        "document 3, line 11, col 1: spec.cidr: 10.1.0.0/17 overlaps IPPool pa"
      },
      {
        "3",
        "kind: IPClaim\nmetadata: {name: cb}\nspec: {ipFamily: IPv6, prefixLength: 64,"
            + " poolRef: {name: pa}}",
        "spec.ipFamily: IPv6 does not match IPPool pa"
      },
      {
        "5",
        "kind: IPPool\nmetadata: {name: kid}\nspec: {parentPoolRef: {name: nope},"
            + " prefixLength: 24}",
        "no IPPool \"nope\""
      },
      {
        "6",
        "kind: IPClaim\nmetadata: {name: ca}\nspec: {ipFamily: IPv4, prefixLength: 24,"
            + " poolRef: {name: pa}}",
        "IPClaim default/ca is in the set twice"
      },
    };
    for (String[] c : cases) {
      Result r =
          input(
              POOL_A + CLAIM_A + "---\napiVersion: ipam.miloapis.com/v1alpha1\n" + c[1] + "\n",
              "apply",
              "-f",
              "-");
      assertThat(r.code()).as(c[1] + ": " + r.err()).isEqualTo(Integer.parseInt(c[0]));
      assertThat(r.err()).as(c[1]).contains(c[2]).startsWith("error: <stdin>: document 3");
      assertThat(r.out()).as(c[1]).isEmpty();
      assertThat(run("get", "ippools").err())
          .as(c[1])
          .isEqualTo("No resources found in project default.\n");
      assertThat(run("get", "ipclaims").err())
          .as(c[1])
          .isEqualTo("No resources found in project default.\n");
    }
    // Several bad documents: each one said, on its own line, and still nothing stored.
    Result two =
        input(
            POOL_A
                + "---\napiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\n"
                + "metadata: {name: pb}\nspec: {cidr: 10.1.0.0/17}\n"
                + CLAIM_A.replace("pa}", "zz}").replace("prefixLength: 24", "prefixLength: 40"),
            "apply",
            "-f",
            "-");
    assertThat(two.code()).isEqualTo(6);
    assertThat(two.err().lines()).hasSize(2);
    assertThat(two.err())
        .contains("document 2")
        .contains("overlaps IPPool pa")
        .contains("document 3")
        .contains("40 is not a valid IPv4 prefix length");
    assertThat(run("get", "ippools").err()).isEqualTo("No resources found in project default.\n");
  }

  @Test
  void twoOverlappingPoolsInOneFileAreAConflictInTheDryRunToo() {
    String both = POOL_A + "---\n" + POOL_A.replace("pa}", "pb}").replace("/16", "/17");
    Result dry = input(both, "apply", "-f", "-", "--dry-run");
    assertThat(dry.code()).isEqualTo(6);
    assertThat(dry.err()).contains("document 2").contains("overlaps IPPool pa");
    assertThat(input(both, "apply", "-f", "-").err()).isEqualTo(dry.err());
  }

  @Test
  void anExplicitProjectMustAgreeWithEveryManifest() {
    String infraPool =
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: "
            + "private, namespace: infra}\nspec: {cidr: 10.8.0.0/16}\n";
    String infraClaim =
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\nmetadata: {name:"
            + " c, namespace: infra}\nspec: {ipFamily: IPv4, prefixLength: 24, poolRef: {name:"
            + " private}}\n";
    // Without --project the manifest's own namespace is used, as kubectl does.
    assertThat(input(infraPool, "apply", "-f", "-").code()).isZero();
    for (String flag : List.of("--project", "-n", "--namespace")) {
      Result r = input(infraClaim, flag, "team-b", "apply", "-f", "-");
      assertThat(r.code()).as(flag).isEqualTo(3);
      assertThat(r.err())
          .as(flag)
          .contains("line 3")
          .contains("metadata.namespace")
          .contains("\"infra\" does not match the project \"team-b\"");
    }
    assertThat(run("get", "ipclaims", "-A").err()).startsWith("No resources found");
    Result delete = input(infraPool, "--project", "team-b", "delete", "-f", "-");
    assertThat(delete.code()).isEqualTo(3);
    assertThat(run("get", "ippool", "private", "-n", "infra").code()).isZero();
    // Agreeing is fine.
    assertThat(input(infraClaim, "-n", "infra", "apply", "-f", "-").code()).isZero();
  }

  @Test
  void theDefaultStoreIsTheUsersAloneWhateverTheUmask() throws IOException {
    Path home = dir.resolve(".ipam4j");
    Files.createDirectories(home);
    Files.setPosixFilePermissions(
        home, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path wal = Files.createFile(home.resolve("ipam.db-wal"));
    Files.setPosixFilePermissions(
        wal, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Ipamctl(
                new ByteArrayInputStream(QUICKSTART.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of("HOME", dir.toString()))
            .run(new String[] {"apply", "-f", "-"});
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home)))
        .isEqualTo("rwx------");
    try (Stream<Path> files = Files.list(home)) {
      for (Path f : files.toList()) {
        assertThat(
                java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(f)))
            .as(f.toString())
            .isEqualTo("rw-------");
      }
    }
    assertThat(home.resolve("ipam.db")).exists();
  }

  @Test
  void aFolderIsReadForItsRegularFilesOnlyAndDevNullIsEmpty() throws Exception {
    Path folder = Files.createDirectories(dir.resolve("m"));
    Files.writeString(folder.resolve("a.yaml"), QUICKSTART);
    Process fifo = new ProcessBuilder("mkfifo", folder.resolve("b.yaml").toString()).start();
    assertThat(fifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(fifo.exitValue()).isZero();
    Result r = run("apply", "-f", folder.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("ippool/web-pool created");
    Result empty = run("apply", "-f", "/dev/null");
    assertThat(empty.code()).as(empty.err()).isZero();
    assertThat(empty.out()).isEmpty();
  }

  @Test
  void anInvalidProjectIsAUsageError() {
    for (String bad : List.of("", "..", "x".repeat(300), "a\"b", "Team", "a\u001b[2J")) {
      Result r = run("get", "ippools", "--project", bad);
      assertThat(r.code()).as(bad).isEqualTo(2);
      assertThat(r.err()).as(bad).contains("is not a valid project name").doesNotContain("\u001b");
    }
  }

  @Test
  void aWriterStalledHoldingTheStoreIsALockTimeoutExit8() throws Exception {
    assertThat(input(QUICKSTART, "apply", "-f", "-").code()).isZero();
    try (java.sql.Connection raw = java.sql.DriverManager.getConnection(store);
        java.sql.Statement s = raw.createStatement()) {
      s.execute("BEGIN IMMEDIATE"); // a writer stopped mid-change
      Result r =
          input(
              QUICKSTART.replace("web-tier-v4", "later"),
              "apply",
              "-f",
              "-",
              "--lock-timeout",
              "300ms");
      assertThat(r.code()).as(r.err()).isEqualTo(8);
      assertThat(r.err())
          .contains("waited 300 ms for the database's write lock")
          .contains("try again")
          .hasLineCount(1);
      s.execute("ROLLBACK");
    }
    assertThat(run("get", "ipclaim", "later", "--project", "default").code()).isEqualTo(5);
    for (String bad : List.of("0", "1.5s", "-3s", "2d", "25h", "")) {
      Result r = run("get", "ippools", "--lock-timeout", bad);
      assertThat(r.code()).as(bad).isEqualTo(2);
      assertThat(r.err()).as(bad).contains("--lock-timeout");
    }
    assertThat(run("get", "ippools", "--lock-timeout=2m").code()).isZero();
  }

  @Test
  void checkNamesEachProblemOnALineAndWhatItNamesCanBeDeleted() throws Exception {
    assertThat(input(QUICKSTART, "apply", "-f", "-").code()).isZero();
    Result clean = run("check");
    assertThat(clean.code()).isZero();
    assertThat(clean.out()).isEqualTo("store is consistent: 1 pools, 1 claims, 1 allocations\n");
    try (java.sql.Connection raw = java.sql.DriverManager.getConnection(store);
        java.sql.Statement s = raw.createStatement()) {
      s.executeUpdate(
          "UPDATE ipam_objects SET body = '{\"kind\": \"IPClaim\"\u001b[2J'"
              + " WHERE kind = 'IPClaim'");
    }
    Result broken = run("check");
    assertThat(broken.code()).isEqualTo(9);
    String allocation = org.ipam4j.model.IPAllocation.nameForClaim("default", "web-tier-v4");
    assertThat(broken.out().lines())
        .hasSize(2)
        .anySatisfy(
            l ->
                assertThat(l)
                    .startsWith(
                        "UNREADABLE: row IPClaim default/web-tier-v4 of ipam_objects is corrupt"))
        .anySatisfy(
            l ->
                assertThat(l)
                    .isEqualTo(
                        "ORPHANED_ALLOCATION: IPAllocation default/"
                            + allocation
                            + " (10.0.0.0/24) names IPClaim default/web-tier-v4, which does not"
                            + " exist"));
    assertThat(broken.out()).doesNotContain("\u001b");
    assertThat(broken.err()).startsWith("error: 2 problems in the store");
    assertThat(run("delete", "ipclaim", "web-tier-v4").out())
        .isEqualTo("ipclaim/web-tier-v4 deleted (its row did not read back)\n");
    assertThat(run("delete", "ipalloc", allocation).out())
        .isEqualTo("ipalloc/" + allocation + " deleted\n");
    assertThat(run("check").code()).isZero();
    // A row that reads back is deleted as usual, never as a row.
    assertThat(run("delete", "ippool", "web-pool").out()).isEqualTo("ippool/web-pool deleted\n");
  }

  @Test
  void dryRunChangesNothing() {
    Result r = input(QUICKSTART, "apply", "-f", "-", "--dry-run");
    assertThat(r.out())
        .contains("ippool/web-pool created (dry run)")
        .contains("ipclaim/web-tier-v4 created (dry run) ");
    assertThat(run("get", "ippools").err()).isEqualTo("No resources found in project default.\n");
  }

  @Test
  void getPrintsTablesWideYamlAndJson() {
    input(QUICKSTART, "apply", "-f", "-");
    List<String> table = run("get", "ippools").out().lines().toList();
    assertThat(table.get(0)).matches("NAME\\s+CIDR\\s+FAMILY\\s+PHASE\\s+USED%\\s+AGE");
    assertThat(table.get(1))
        .matches("web-pool\\s+10\\.0\\.0\\.0/16\\s+IPv4\\s+Ready\\s+0\\.3906\\s+\\d+s");
    for (String kind : List.of("ipclaims", "ipclaim", "IPClaim")) {
      assertThat(run("get", kind).out()).contains("web-tier-v4").contains("10.0.0.0/24");
    }
    assertThat(run("get", "ipclaim", "-o", "wide").out().lines().findFirst().orElseThrow())
        .contains("POOL")
        .contains("RECLAIM")
        .contains("ALLOCATION");
    assertThat(run("get", "ipalloc").out()).contains("web-pool").contains("web-tier-v4");
    assertThat(run("get", "ippools", "-A").out().lines().findFirst().orElseThrow())
        .startsWith("PROJECT");
    assertThat(run("get", "ippools", "-l", "tier=web").out()).contains("web-pool");
    assertThat(run("get", "ippools", "-l", "tier!=web").err()).startsWith("No resources found");
    assertThat(run("get", "ipclaim", "web-tier-v4", "-o", "yaml").out())
        .startsWith("---\napiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\n");
    assertThat(run("get", "ipclaims", "-o", "json").out())
        .startsWith("{\n  \"apiVersion\" : \"v1\",\n  \"kind\" : \"List\",");
    assertThat(run("get", "ipclaim", "web-tier-v4", "-o", "json").out())
        .contains("\"kind\" : \"IPClaim\"")
        .doesNotContain("\"List\"");
  }

  @Test
  void describeShowsCapacityFreeBlocksAndHolders() {
    input(QUICKSTART, "apply", "-f", "-");
    String pool = run("describe", "ippool", "web-pool").out();
    assertThat(pool)
        .contains("Total:        65536")
        .contains("Allocated:    256 (1 blocks)")
        .contains("/17   1")
        .contains("10.0.0.0/24          ipclaim/web-tier-v4 (project default)")
        .contains("Allocated  True   AllocationSucceeded");
    assertThat(run("describe", "ipclaim", "web-tier-v4").out())
        .contains("Phase:        Bound")
        .contains("Selector:     {tier=web}")
        .contains("Ready      True   Bound");
  }

  @Test
  void describeShowsControlCharactersEscaped() {
    String pool =
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata:\n  name: p\n"
            + "  annotations: {note: \"red \\e[31mALERT\\e]0;pwned\\a done\"}\nspec: {cidr: 10.3.0.0/16}\n";
    assertThat(input(pool, "apply", "-f", "-").code()).isZero();
    String out = run("describe", "ippool", "p").out();
    assertThat(out)
        .doesNotContain("\u001b")
        .doesNotContain("\u0007")
        .contains("note=red \\u001b[31mALERT\\u001b]0;pwned\\u0007 done");
  }

  @Test
  void deleteByNameAndByFile() {
    input(QUICKSTART, "apply", "-f", "-");
    assertThat(run("delete", "ippool", "web-pool").code()).isEqualTo(6);
    Result r = input(QUICKSTART, "delete", "-f", "-");
    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("ipclaim/web-tier-v4 deleted\nippool/web-pool deleted\n");
    assertThat(run("get", "ipallocations").err()).startsWith("No resources found");
  }

  @Test
  void exitCodesAreStable() throws IOException {
    assertThat(run().code()).isEqualTo(2);
    assertThat(run("frobnicate").code()).isEqualTo(2);
    assertThat(run("get", "widgets").code()).isEqualTo(2);
    assertThat(run("get", "ippools", "--bogus").code()).isEqualTo(2);
    assertThat(run("get", "ippools", "-o", "xml").code()).isEqualTo(2);
    Result invalid =
        input(
            "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata:"
                + " {name: p}\nspec: {cidr: 10.0.0.1/24}\n",
            "apply",
            "-f",
            "-");
    assertThat(invalid.code()).isEqualTo(3);
    // The engine checks spec.cidr; its error still points at the field's line and column.
    assertThat(invalid.err())
        .isEqualTo(
            "error: <stdin>: document 1, line 4, col 14: spec.cidr:"
                + " \"10.0.0.1/24\" has host bits set; did you mean 10.0.0.0/24?\n");
    assertThat(run("apply", "-f", "missing.yaml").code()).isEqualTo(5);
    assertThat(run("get", "ippool", "nope").code()).isEqualTo(5);
    input(
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: small,"
            + " namespace: infra}\nspec: {cidr: 10.9.0.0/24}\n",
        "apply",
        "-f",
        "-");
    Result forbidden =
        input(
            "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\nmetadata:"
                + " {name: c}\nspec: {ipFamily: IPv4, prefixLength: 28, poolRef: {name: small,"
                + " projectRef: {name: infra}}}\n",
            "apply",
            "-f",
            "-");
    assertThat(forbidden.code()).isEqualTo(4);
    assertThat(
            input(
                    "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: o,"
                        + " namespace: infra}\nspec: {cidr: 10.9.0.0/16}\n",
                    "apply",
                    "-f",
                    "-")
                .code())
        .isEqualTo(6);
    input(
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: kid,"
            + " namespace: infra}\nspec: {parentPoolRef: {name: small}, prefixLength: 24}\n",
        "apply",
        "-f",
        "-");
    Result exhausted =
        input(
            "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata:"
                + " {name: kid2, namespace: infra}\nspec: {parentPoolRef: {name: small}, prefixLength:"
                + " 25}\n",
            "apply",
            "-f",
            "-");
    assertThat(exhausted.code()).isEqualTo(7);
    assertThat(exhausted.err())
        .startsWith("error: <stdin>: document 1, line 1, col 1: spec.prefixLength: no free /25")
        .endsWith("\n")
        .hasLineCount(1);
    Files.writeString(dir.resolve("a.yaml"), QUICKSTART);
    assertThat(run("apply", "-f", dir.toString(), "--project", "team").code()).isZero();
    assertThat(run("get", "ipclaims", "--project", "team").out()).contains("web-tier-v4");
    assertThat(run("explain", "ipclaims", "--recursive").out()).contains("poolSelector");
    assertThat(run("explain", "ipclaims.spec.nope").code()).isEqualTo(3);
  }

  @Test
  void everyExampleManifestAppliesAndTheTreeShowsThem() {
    Result applied = run("apply", "-f", "manifests");
    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out())
        .contains("ipclaim/team-a-services created Bound 172.16.0.0/24")
        .contains("ipclaim/ams-rack-1 created Bound 2001:db8::/64");
    assertThat(run("pool", "tree", "-A").out())
        .isEqualTo(
            """
        default/ippool/v6-global 2001:db8::/32 (IPv6, 0.003% used)
        ├── ippool/site-ams 2001:db8::/48 (IPv6, 0.0015% used)
        │   └── ipclaim/ams-rack-1 2001:db8::/64
        └── ippool/site-fra 2001:db8:1::/48 (IPv6, 0.0015% used)
            └── ipclaim/fra-rack-1 2001:db8:1::/64
        default/ippool/web-pool 10.0.0.0/16 (IPv4, 0.3906% used)
        └── ipclaim/web-tier-v4 10.0.0.0/24
        infra/ippool/shared-v4 172.16.0.0/16 (IPv4, 0.3906% used)
        └── ipclaim/team-a-services (project team-a) 172.16.0.0/24
        """);
  }

  @Test
  void poolMapDrawsTheAddressSpaceInTheTerminalAndAsSvg() throws Exception {
    input(
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: p}\nspec:"
            + " {cidr: 10.0.0.0/24}\n---\napiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\n"
            + "metadata: {name: half}\nspec: {ipFamily: IPv4, prefixLength: 25, poolRef: {name: p}}\n"
            + "---\napiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\nmetadata: {name: one}\n"
            + "spec: {ipFamily: IPv4, prefixLength: 32, poolRef: {name: p}}\n",
        "apply",
        "-f",
        "-");
    Path svg = dir.resolve("p.svg");
    Result map = run("pool", "map", "p", "--svg", svg.toString());
    assertThat(map.code()).isZero();
    // 256 cells of one address: the /25 fills the first 128, the /32 the 129th.
    assertThat(map.out().lines().toList())
        .contains(
            "  ################################",
            "  #...............................",
            "  ................................");
    assertThat(map.out())
        .contains("used 50.3906% of 256 addresses in 2 blocks; largest free block /26");
    String picture = Files.readString(svg);
    assertThat(picture)
        .startsWith("<svg")
        .contains("ippool/p 10.0.0.0/24")
        .contains("cell 128: 100% used")
        .contains("cell 129: 0% used")
        .endsWith("</svg>\n");
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertThat(run("pool", "map", "nope").code()).isEqualTo(5);
    assertThat(run("pool", "frobnicate").code()).isEqualTo(2);
  }

  @Test
  void severalProcessesOnOneStoreNeverShareABlock() throws Exception {
    input(
        "apiVersion: ipam.miloapis.com/v1alpha1\nkind: IPPool\nmetadata: {name: p}\nspec:"
            + " {cidr: 10.0.0.0/26}\n",
        "apply",
        "-f",
        "-");
    List<Process> processes = new ArrayList<>();
    for (int w = 0; w < 3; w++) {
      StringBuilder claims = new StringBuilder();
      for (int i = 0; i < 10; i++) {
        claims
            .append(
                "---\napiVersion: ipam.miloapis.com/v1alpha1\nkind: IPClaim\nmetadata:"
                    + " {name: w")
            .append(w)
            .append('-')
            .append(i)
            .append("}\nspec: {ipFamily: IPv4," + " prefixLength: 29, poolRef: {name: p}}\n");
      }
      Path file = dir.resolve("claims-" + w + ".yaml");
      Files.writeString(file, claims);
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
              java,
              "-cp",
              System.getProperty("java.class.path"),
              Ipamctl.class.getName(),
              "--store",
              store,
              "apply",
              "-f",
              file.toString());
      pb.redirectErrorStream(true);
      processes.add(pb.start());
    }
    for (Process p : processes) {
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(output).isZero();
    }
    // 30 claims of /29 for a /26 that holds 8: exactly 8 bound, all distinct; the rest wait.
    List<String> rows = run("get", "ipclaims").out().lines().skip(1).toList();
    assertThat(rows).hasSize(30);
    Set<String> blocks = new HashSet<>();
    for (String row : rows) {
      if (row.contains(" Bound ")) {
        assertThat(blocks.add(row.split("\\s+")[3])).as(row).isTrue();
      }
    }
    assertThat(blocks).hasSize(8);
    assertThat(rows.stream().filter(r -> r.contains(" Pending "))).hasSize(22);
  }
}
