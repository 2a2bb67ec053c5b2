package org.ipam4j.ipamctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.ipam4j.ipamctl.Commands.Result;
import org.ipam4j.model.IpamObject;
import org.ipam4j.yaml.Manifests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 15 through the command: reservations, a specific block, export and import. */
class IpamctlOperationsTest {

  @TempDir Path dir;

  private Commands on(String file) {
    return new Commands("jdbc:sqlite:" + dir.resolve(file), dir);
  }

  @Test
  void reservationsAndASpecificAddressAsAnOperatorWritesThem() {
    Commands ipamctl = on("a.db");
    Result applied = ipamctl.run("apply", "-f", "operations/edge-pool.yaml");
    assertThat(applied.code()).as(applied.err()).isZero();
    assertThat(applied.out()).contains("ipclaim/router created Bound 192.168.10.1/32");
    // The network, broadcast and hand-built addresses are held, and say so.
    String allocations = ipamctl.run("get", "ipalloc").out();
    assertThat(allocations.lines().filter(l -> l.contains("Reservation"))).hasSize(3);
    assertThat(allocations).contains("192.168.10.240/29");
    String router = ipamctl.run("get", "ipclaim", "router", "-o", "yaml").out();
    // status.address, then the pool it was drawn from, as status.poolRef.
    assertThat(router).contains("  address: 192.168.10.1\n  poolRef:\n    name: edge\n");
    // 1 + 1 + 8 reserved, 1 router, 16 hosts: 27 of 256.
    assertThat(Commands.row(ipamctl.run("get", "ippools").out(), "edge")).contains(" 10.5468 ");
    // A block already held is refused, naming its holder.
    Result taken =
        ipamctl.input(
            """
            apiVersion: ipam.miloapis.com/v1alpha1
            kind: IPClaim
            metadata: {name: second-router}
            spec: {ipFamily: IPv4, prefixLength: 32, address: 192.168.10.1, poolRef: {name: edge}}
            """,
            "apply",
            "-f",
            "-");
    assertThat(taken.code()).isEqualTo(6);
    assertThat(taken.err()).contains("is held by IPClaim default/router");
    // Deleting the pool is refused only for what is not its own.
    Result blocked = ipamctl.run("delete", "ippool", "edge");
    assertThat(blocked.code()).isEqualTo(6);
    assertThat(blocked.err()).contains("2 blocks (2 claims)");
  }

  @Test
  void exportAndImportMoveEveryObjectWithItsBlocks() throws Exception {
    Commands from = on("from.db");
    assertThat(from.run("apply", "-f", "manifests/").code()).isZero();
    assertThat(from.run("apply", "-f", "operations/edge-pool.yaml").code()).isZero();
    assertThat(from.run("delete", "ipclaim", "fra-rack-1").code()).isZero(); // retained
    Result exported = from.run("export", "-A");
    assertThat(exported.code()).as(exported.err()).isZero();
    Commands to = on("to.db");
    Result dry = to.input(exported.out(), "import", "-f", "-", "--dry-run");
    assertThat(dry.out()).endsWith("(dry run)\n");
    assertThat(to.run("get", "ippools", "-A", "-o", "name").out()).isEmpty();
    Result imported = to.input(exported.out(), "import", "-f", "-");
    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).startsWith("imported 6 pools, 5 claims, 11 allocations");
    for (String kind : List.of("ippools", "ipclaims", "ipalloc")) {
      assertThat(withoutVersions(to.run("get", kind, "-A", "-o", "json").out()))
          .as(kind)
          .isEqualTo(withoutVersions(from.run("get", kind, "-A", "-o", "json").out()));
    }
    assertThat(to.run("check").code()).isZero();
    Result again = to.input(exported.out(), "import", "-f", "-");
    assertThat(again.code()).isEqualTo(6);
    assertThat(again.err()).contains("the target already holds");
  }

  private static List<IpamObject> withoutVersions(String json) {
    return Manifests.strict().readObjects("list.json", json).stream()
        .<IpamObject>map(o -> o.withMetadata(o.metadata().withResourceVersion(0)))
        .toList();
  }
}
