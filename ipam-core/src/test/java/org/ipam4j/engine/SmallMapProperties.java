package org.ipam4j.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link SmallMap} against {@link LinkedHashMap}, the map it stands in for in a plan: after random
 * puts, put-if-absents, removes and find-then-writes over a few keys (looked through) or many
 * (indexed, with gaps compacted as it grows), every lookup answers the same and the entries come in
 * the same order.
 */
class SmallMapProperties {

  /**
   * One operation on key {@code key}: 0 put, 1 put if absent, 2 remove, 3 find, then put at what
   * find gave (as a plan stages a write over what it read).
   */
  record Op(int what, int key, int value) {}

  @Property(tries = 500)
  void answersAndOrdersAsALinkedHashMap(@ForAll("histories") List<Op> ops) {
    SmallMap<String, Integer> small = new SmallMap<>(1);
    Map<String, Integer> model = new LinkedHashMap<>();
    for (Op op : ops) {
      String key = "k" + op.key();
      switch (op.what()) {
        case 0 -> {
          small.put(key, op.value());
          model.put(key, op.value());
        }
        case 1 -> {
          Integer had = model.putIfAbsent(key, op.value());
          assertThat(small.putIfAbsent(key, op.value())).isEqualTo(had == null ? op.value() : had);
        }
        case 2 -> {
          small.remove(key);
          model.remove(key);
        }
        default -> {
          int slot = small.find(key);
          assertThat(slot >= 0).isEqualTo(model.containsKey(key));
          if (slot >= 0) {
            assertThat(small.keyAt(slot)).isEqualTo(key);
          }
          small.putAt(slot, key, op.value());
          model.put(key, op.value());
        }
      }
      assertThat(small.size()).isEqualTo(model.size());
      assertThat(small.isEmpty()).isEqualTo(model.isEmpty());
      assertThat(small.get(key)).isEqualTo(model.get(key));
      assertThat(small.containsKey(key)).isEqualTo(model.containsKey(key));
    }
    List<String> keys = new ArrayList<>();
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < small.slots(); i++) {
      String key = small.keyAt(i);
      if (key != null) {
        keys.add(key);
        values.add(small.valueAt(i));
      }
    }
    assertThat(keys).containsExactlyElementsOf(model.keySet());
    assertThat(values).containsExactlyElementsOf(model.values());
    for (int k = 0; k < 40; k++) {
      assertThat(small.get("k" + k)).isEqualTo(model.get("k" + k));
    }
  }

  @Provide
  Arbitrary<List<Op>> histories() {
    // Few keys stay under the look-through limit; up to 40 cross it and come back.
    Arbitrary<Integer> keys =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 39));
    Arbitrary<Op> op =
        Combinators.combine(
                Arbitraries.integers().between(0, 3), keys, Arbitraries.integers().between(0, 9))
            .as(Op::new);
    return op.list().ofMaxSize(200);
  }
}
