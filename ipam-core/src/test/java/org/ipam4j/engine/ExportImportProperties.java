package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.ConflictException;
import org.ipam4j.IpamException;
import org.ipam4j.model.IPPool;
import org.ipam4j.model.IPPoolSpec;
import org.ipam4j.model.IpamObject;
import org.ipam4j.testsupport.EngineInvariants;
import org.ipam4j.testsupport.Histories;
import org.junit.jupiter.api.Test;

/**
 * Export and import: a store built by a random history (pools, child pools, claims bound and
 * waiting, retained blocks, reservations, specific blocks) is recreated in another store exactly,
 * apart from resource versions, and an import that conflicts with the target changes nothing.
 */
class ExportImportProperties {

  /** The objects with what a store assigns (resourceVersion) taken out. */
  static List<IpamObject> comparable(List<IpamObject> objects) {
    return objects.stream()
        .<IpamObject>map(o -> o.withMetadata(o.metadata().withResourceVersion(0)))
        .toList();
  }

  @Property(tries = 300)
  void anImportRecreatesTheExportAndCannotBeRepeated(@ForAll("histories") List<Histories.Op> ops) {
    IpamEngine source = IpamEngine.inMemory();
    for (Histories.Op op : ops) {
      try {
        Histories.apply(source, op);
      } catch (IpamException e) {
        // A refused step is part of the history.
      }
    }
    List<IpamObject> exported = source.exportAll(Optional.empty());
    IpamEngine target = IpamEngine.inMemory();
    assertThat(comparable(target.importAll(exported, ApplyOption.DRY_RUN)))
        .containsExactlyInAnyOrderElementsOf(comparable(exported));
    assertThat(target.revision()).isZero();
    target.importAll(exported);
    assertThat(comparable(target.exportAll(Optional.empty())))
        .containsExactlyInAnyOrderElementsOf(comparable(exported));
    EngineInvariants.check(target);
    if (!exported.isEmpty()) {
      long revision = target.revision();
      assertThatThrownBy(() -> target.importAll(exported))
          .isInstanceOf(ConflictException.class)
          .hasMessageContaining("the target already holds");
      assertThat(target.revision()).isEqualTo(revision);
    }
  }

  @Provide
  Arbitrary<List<Histories.Op>> histories() {
    return Histories.histories();
  }

  @Test
  void whatDoesNotFitTheTargetIsRefusedAndNothingIsStored() {
    IpamEngine source = IpamEngine.inMemory();
    source.applyPool(IPPool.of("p", "a", IPPoolSpec.root("10.0.0.0/16")));
    IpamEngine target = IpamEngine.inMemory();
    target.applyPool(IPPool.of("p", "b", IPPoolSpec.root("10.0.128.0/17")));
    long revision = target.revision();
    assertThatThrownBy(() -> target.importAll(source.exportAll(Optional.empty())))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("overlap");
    assertThat(target.revision()).isEqualTo(revision);
    assertThat(target.listAllPools()).hasSize(1);
  }
}
