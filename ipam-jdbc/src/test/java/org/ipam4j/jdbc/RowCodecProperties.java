package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.model.IpamObject;
import org.ipam4j.testsupport.RandomObjects;
import org.ipam4j.yaml.Manifests;

/**
 * The storage codec writes exactly the text every release so far stored (the manifest module's
 * compact JSON), so every database reads the same, and reads back every object it writes.
 */
class RowCodecProperties {

  @Property(tries = 1000)
  void rowsAreWrittenAsEveryReleaseWroteThemAndReadBack(@ForAll("objects") IpamObject object) {
    String body = RowCodec.encode(object);
    assertThat(body).isEqualTo(Manifests.strict().toJsonLine(object));
    assertThat(RowCodec.decode(body)).isEqualTo(object);
  }

  @Property(tries = 500)
  void aDamagedBodyIsAnIllegalArgumentNeverAnotherError(
      @ForAll("objects") IpamObject object, @ForAll("cuts") int cut) {
    String body = RowCodec.encode(object);
    String damaged = body.substring(0, Math.floorMod(cut, body.length()));
    assertThatThrownBy(() -> RowCodec.decode(damaged)).isInstanceOf(IllegalArgumentException.class);
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
