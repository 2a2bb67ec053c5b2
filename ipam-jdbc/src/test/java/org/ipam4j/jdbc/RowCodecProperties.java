package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.engine.IpamEngine;
import org.ipam4j.model.IPAllocation;
import org.ipam4j.model.IPClaim;
import org.ipam4j.model.IPClaimSpec;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IpamObject;
import org.ipam4j.model.ObjectMeta;
import org.ipam4j.net.IpFamily;
import org.ipam4j.testsupport.RandomObjects;
import org.ipam4j.yaml.Manifests;

/**
 * The storage codec reads back every object it writes, whatever version the row states, and reads
 * the API's whole JSON that releases before schema 9 stored (the manifest module's compact JSON
 * line) as it always did.
 */
class RowCodecProperties {

  @Property(tries = 1000)
  void compactBodiesReadBackExactly(
      @ForAll("objects") IpamObject object, @ForAll boolean atItsOwnVersion) {
    long rowVersion = atItsOwnVersion ? object.metadata().resourceVersion() : 7;
    String body = RowCodec.encode(object, rowVersion);
    assertThat(body).doesNotContain("apiVersion");
    assertThat(decode(object, rowVersion, body)).isEqualTo(object);
  }

  @Property(tries = 1000)
  void bodiesEarlierReleasesWroteReadBackAsBefore(@ForAll("objects") IpamObject object) {
    String written = Manifests.strict().toJsonLine(object);
    // A whole body states its own version: the row's is not read.
    assertThat(decode(object, object.metadata().resourceVersion() + 1, written)).isEqualTo(object);
  }

  @Property(tries = 500)
  void aDamagedBodyIsAnIllegalArgumentNeverAnotherError(
      @ForAll("objects") IpamObject object, @ForAll("cuts") int cut, @ForAll boolean compact) {
    long version = object.metadata().resourceVersion();
    String body =
        compact ? RowCodec.encode(object, version) : Manifests.strict().toJsonLine(object);
    String damaged = body.substring(0, Math.floorMod(cut, body.length()));
    assertThatThrownBy(() -> decode(object, version, damaged))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void aCompactBodyThatNamesItselfIsRefused(@ForAll("objects") IpamObject object) {
    long version = object.metadata().resourceVersion();
    String body = RowCodec.encode(object, version);
    String start = "{\"metadata\":{";
    assertThat(body).startsWith(start);
    String rest = body.substring(start.length());
    String named = start + "\"name\":\"other\"" + (rest.startsWith("}") ? "" : ",") + rest;
    assertThatThrownBy(() -> decode(object, version, named))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata");
  }

  /**
   * What issue 16 asked of the rows: a claim and its allocation, as the engine writes them, take
   * under half the bytes of the API's whole JSON, which every row held before schema 9.
   */
  @Example
  void aClaimAndItsAllocationTakeUnderHalfTheBytesTheyDid() {
    IpamEngine engine = IpamEngine.inMemory();
    engine.applyPool(IPPool.of("default", "web-pool", IPPoolSpec.root("10.0.0.0/16")));
    IPClaim claim =
        engine
            .applyClaim(
                IPClaim.of(
                    "default", "web-tier-v4", IPClaimSpec.fromPool(IpFamily.IPv4, 24, "web-pool")))
            .object();
    IPAllocation allocation =
        engine
            .getAllocation("default", claim.status().boundAllocationRef().orElseThrow().name())
            .orElseThrow();
    int before = 0;
    int after = 0;
    for (IpamObject o : new IpamObject[] {claim, allocation}) {
      String compact = RowCodec.encode(o, o.metadata().resourceVersion());
      assertThat(compact).doesNotContain("conditions").doesNotContain("\"phase\":\"Ready\"");
      assertThat(decode(o, o.metadata().resourceVersion(), compact)).isEqualTo(o);
      before += Manifests.strict().toJsonLine(o).length();
      after += compact.length();
    }
    assertThat(after).isLessThan(before / 2);
  }

  private static IpamObject decode(IpamObject object, long rowVersion, String body) {
    ObjectMeta m = object.metadata();
    return RowCodec.decode(object.kind().name(), m.project(), m.name(), rowVersion, body);
  }

  @Provide
  Arbitrary<IpamObject> objects() {
    return RandomObjects.objects();
  }

  @Provide
  Arbitrary<Integer> cuts() {
    return Arbitraries.integers();
  }
}
