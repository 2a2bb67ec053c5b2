package org.ipam4j.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.InvalidException;
import org.ipam4j.model.IpamObject;
import org.ipam4j.testsupport.RandomObjects;

class ManifestsProperties {

  private final Manifests manifests = Manifests.strict();

  @Property(tries = 1000)
  void yamlAndJsonReadBackAsTheSameObject(@ForAll("objects") IpamObject object) {
    assertThat(manifests.readObjects("y", manifests.toYaml(object))).containsExactly(object);
    assertThat(manifests.readObjects("j", manifests.toJson(object))).containsExactly(object);
    assertThat(manifests.readObjects("c", manifests.toJsonLine(object))).containsExactly(object);
  }

  @Property(tries = 300)
  void streamsAndListsReadBackInOrder(@ForAll("objectLists") List<IpamObject> objects) {
    assertThat(manifests.readObjects("y", manifests.toYaml(objects))).isEqualTo(objects);
    assertThat(manifests.readObjects("j", manifests.toJsonList(objects))).isEqualTo(objects);
    assertThat(manifests.readObjects("l", manifests.toYamlList(objects))).isEqualTo(objects);
  }

  @Property(tries = 2000)
  void mutatedDocumentsOnlyEverFailWithOurTypedError(
      @ForAll("objects") IpamObject object, @ForAll("mutations") List<Mutation> mutations) {
    String text = manifests.toYaml(object);
    for (Mutation m : mutations) {
      text = m.apply(text);
    }
    readExpectingOnlyInvalid(text);
  }

  @Property(tries = 1000)
  void randomTextOnlyEverFailsWithOurTypedError(@ForAll("noise") String text) {
    readExpectingOnlyInvalid(text);
  }

  private void readExpectingOnlyInvalid(String text) {
    try {
      manifests.read("fuzz", text);
      manifests.lenient().read("fuzz", text);
    } catch (InvalidException expected) {
      assertThat(expected.getMessage()).startsWith("fuzz");
    }
  }

  // ---- mutations ----

  record Mutation(int kind, int position, String insert) {
    String apply(String text) {
      if (text.isEmpty()) {
        return insert;
      }
      int at = Math.floorMod(position, text.length());
      return switch (kind) {
        case 0 -> text.substring(0, at) + insert + text.substring(at);
        case 1 ->
            text.substring(0, at)
                + text.substring(Math.min(text.length(), at + insert.length() + 1));
        case 2 -> text.substring(0, at);
        default -> {
          int eol = text.indexOf('\n', at);
          String line = text.substring(at, eol < 0 ? text.length() : eol + 1);
          yield text.substring(0, at) + line + line + text.substring(at + line.length());
        }
      };
    }
  }

  @Provide
  Arbitrary<List<Mutation>> mutations() {
    Arbitrary<String> inserts =
        Arbitraries.oneOf(
            Arbitraries.of(
                ":",
                "- ",
                " ",
                "\n",
                "[",
                "]",
                "{",
                "}",
                "&a ",
                "*a",
                "!!binary ",
                "|",
                ">",
                "'",
                "\"",
                "#",
                "%YAML 1.1\n",
                "@",
                "`",
                ",",
                "? ",
                "---\n",
                "...\n",
                "\t",
                "99999999999999999999999",
                "-1",
                "1.5",
                "true",
                "null",
                "~",
                "\\u0000",
                "\u00e9",
                "\ud83d\ude00",
                "<<: *a\n"),
            Arbitraries.strings().ofMaxLength(6));
    return Combinators.combine(
            Arbitraries.integers().between(0, 3), Arbitraries.integers(), inserts)
        .as(Mutation::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> noise() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars("{}[]:,-&*!|>'\"#\n ?abc01").ofMaxLength(200));
  }

  // ---- objects ----

  @Provide
  Arbitrary<IpamObject> objects() {
    return RandomObjects.objects();
  }

  @Provide
  Arbitrary<List<IpamObject>> objectLists() {
    return objects().list().ofMaxSize(4);
  }
}
