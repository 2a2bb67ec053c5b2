package org.ipam4j.ipamctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.ipam4j.ipamctl.Commands.Result;
import org.ipam4j.model.IpamObject;
import org.ipam4j.yaml.Manifests;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubectl habits of issue 17, each through the command as a user types it. */
class IpamctlHabitsTest {

  @TempDir Path dir;

  private String store;

  @BeforeEach
  void store() {
    store = "jdbc:sqlite:" + dir.resolve("ipam.db");
  }

  private Result run(String... args) {
    return new Commands(store, dir).run(args);
  }

  private void applyExamples() {
    assertThat(run("apply", "-f", "manifests/").code()).isZero();
  }

  @Test
  void namesAndProjectsAsKubectlSpellsThem() {
    applyExamples();
    assertThat(run("get", "ippools", "-o", "name").out())
        .isEqualTo("ippool/site-ams\nippool/site-fra\nippool/v6-global\nippool/web-pool\n");
    assertThat(run("get", "ippools", "-n", "infra", "-o", "name").out())
        .isEqualTo("ippool/shared-v4\n");
    assertThat(run("get", "ipclaim", "web-tier-v4", "--namespace", "default", "-o", "name").out())
        .isEqualTo("ipclaim/web-tier-v4\n");
  }

  @Test
  void ignoreNotFoundOnGetAndDelete() {
    applyExamples();
    assertThat(run("get", "ippool", "nope")).extracting(Result::code).isEqualTo(5);
    assertThat(run("get", "ippool", "nope", "--ignore-not-found")).isEqualTo(new Result(0, "", ""));
    assertThat(run("delete", "ipclaim", "nope").code()).isEqualTo(5);
    assertThat(run("delete", "ipclaim", "nope", "--ignore-not-found"))
        .isEqualTo(new Result(0, "", ""));
  }

  @Test
  void deleteOfFilesGoesOnPastWhatIsGoneAndSaysSo() {
    applyExamples();
    assertThat(run("delete", "ipclaim", "web-tier-v4").code()).isZero();
    Result again = run("delete", "-f", "manifests/quickstart.yaml");
    assertThat(again.code()).isEqualTo(5);
    assertThat(again.err()).isEqualTo("error: no IPClaim \"web-tier-v4\" in project default\n");
    assertThat(again.out()).isEqualTo("ippool/web-pool deleted\n");
    Result quiet = run("delete", "-f", "manifests/quickstart.yaml", "--ignore-not-found");
    assertThat(quiet).isEqualTo(new Result(0, "", ""));
  }

  @Test
  void aListAsYamlIsOneV1ListThatReadsBack() {
    applyExamples();
    String yaml = run("get", "ippools", "-A", "-o", "yaml").out();
    assertThat(yaml).startsWith("---\napiVersion: v1\nkind: List\nitems:\n");
    List<IpamObject> read = Manifests.strict().readObjects("list.yaml", yaml);
    assertThat(read).hasSize(5);
  }

  @Test
  void tablesSayWhatAUserAsks() {
    applyExamples();
    // USED%: 256 addresses of a /16 are 0.3906 %, not 0; a /64 of a /48 is 0.0015 %.
    String pools = run("get", "ippools", "-A").out();
    assertThat(Commands.row(pools, "web-pool")).contains(" 0.3906 ");
    assertThat(Commands.row(pools, "site-ams")).contains(" 0.0015 ");
    // POOL: the pool a claim is bound to, in the claim's project or another.
    String claims = run("get", "ipclaims", "-A", "-o", "wide").out();
    assertThat(Commands.row(claims, "web-tier-v4")).contains(" web-pool ").doesNotContain("{");
    assertThat(Commands.row(claims, "team-a-services")).contains(" infra/shared-v4 ");
    // PURPOSE: a claim's block, a child pool's carve, a retained block.
    assertThat(run("delete", "ipclaim", "fra-rack-1").code()).isZero(); // reclaimPolicy Retain
    String allocations = run("get", "ipalloc").out();
    assertThat(allocations.lines().findFirst().orElseThrow()).endsWith("PURPOSE");
    assertThat(allocations.lines().filter(l -> l.endsWith(" Claim"))).hasSize(2);
    assertThat(allocations.lines().filter(l -> l.endsWith(" PoolCarve"))).hasSize(2);
    assertThat(allocations.lines().filter(l -> l.endsWith(" Retained"))).hasSize(1);
  }

  @Test
  void aWaitingSelectorClaimShowsItsSelectorAsKubectlWritesIt() {
    assertThat(
            run(
                    "apply",
                    "-f",
                    write(
                        "claim.yaml",
                        """
                        apiVersion: ipam.miloapis.com/v1alpha1
                        kind: IPClaim
                        metadata: {name: waits}
                        spec:
                          ipFamily: IPv4
                          prefixLength: 24
                          poolSelector: {matchLabels: {tier: web, env: prod}}
                        """))
                .code())
        .isZero();
    assertThat(Commands.row(run("get", "ipclaims", "-o", "wide").out(), "waits"))
        .contains(" selector env=prod,tier=web ");
  }

  @Test
  void aDeleteThatCannotBeDoneSaysWhatBlocksIt() {
    applyExamples();
    assertThat(run("delete", "ipclaim", "fra-rack-1").code()).isZero(); // Retain keeps its block
    Result blocked = run("delete", "ippool", "site-fra");
    assertThat(blocked.code()).isEqualTo(6);
    assertThat(blocked.err())
        .startsWith("error: IPPool default/site-fra still holds 1 block (1 retained allocation):")
        .contains(
            "retained after its claim was deleted under reclaimPolicy Retain; delete it first");
  }

  @Test
  void anApplyLineSaysWhenAClaimWaitsForAPoolThatDoesNotExist() {
    applyExamples();
    Result typo =
        run(
            "apply",
            "-f",
            write(
                "typo.yaml",
                """
                apiVersion: ipam.miloapis.com/v1alpha1
                kind: IPClaim
                metadata: {name: typo}
                spec: {ipFamily: IPv4, prefixLength: 24, poolRef: {name: web-pol}}
                """));
    assertThat(typo.code()).isZero();
    assertThat(typo.out())
        .isEqualTo(
            "ipclaim/typo created Pending (no IPPool \"web-pol\" in project default (did you mean"
                + " \"web-pool\"?); waiting for it)\n");
  }

  @Test
  void completionCompletesCommandsKindsAndFlagsInBash() throws Exception {
    Result script = run("completion", "bash");
    assertThat(script.code()).isZero();
    Path file = Path.of(write("ipamctl.bash", script.out()));
    String[][] cases = {
      {"ipamctl g", "get"},
      {"ipamctl get ipc", "ipclaims ipclaim"},
      {"ipamctl delete ipalloc --ig", "--ignore-not-found"},
      {"ipamctl get ippools -o n", "name"},
      {"ipamctl completion z", "zsh"},
    };
    for (String[] c : cases) {
      String[] words = c[0].split(" ");
      String bash =
          "source "
              + file
              + "; COMP_WORDS=("
              + c[0]
              + "); COMP_CWORD="
              + (words.length - 1)
              + "; _ipamctl; echo \"${COMPREPLY[*]}\"";
      Process p = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      assertThat(p.waitFor()).isZero();
      assertThat(out).as(c[0]).isEqualTo(c[1]);
    }
    assertThat(run("completion", "zsh").out()).contains("bashcompinit").contains("_ipamctl()");
    assertThat(run("completion", "fish").code()).isEqualTo(2);
  }

  @Test
  void versionSaysWhatRuns() {
    Result version = run("version");
    assertThat(version.code()).isZero();
    assertThat(version.out())
        .startsWith("ipamctl ")
        .contains("API: ipam.miloapis.com/v1alpha1\n")
        .contains("Java: " + System.getProperty("java.version"));
  }

  private String write(String name, String text) {
    try {
      Path file = dir.resolve(name);
      java.nio.file.Files.writeString(file, text);
      return file.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
