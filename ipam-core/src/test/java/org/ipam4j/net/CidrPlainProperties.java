package org.ipam4j.net;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.InvalidException;

/**
 * The quick reader of plain IPv4 CIDRs agrees with the strict parser: what it accepts, the strict
 * parser reads as the same block, and every IPv4 block's own text is accepted.
 */
class CidrPlainProperties {

  @Property(tries = 20_000)
  void whatTheQuickReaderAcceptsTheStrictParserReadsTheSame(@ForAll("texts") String text) {
    Cidr quick = CidrParser.plainIpv4(text);
    if (quick == null) {
      return;
    }
    assertThat(CidrParser.strict("cidr", text)).isEqualTo(quick);
  }

  @Property(tries = 5_000)
  void everyIpv4BlocksTextIsReadQuickly(@ForAll("blocks") Cidr block) {
    assertThat(CidrParser.plainIpv4(block.toString())).isEqualTo(block);
    assertThat(Cidr.parse(block.toString())).isEqualTo(block);
  }

  @Property(tries = 5_000)
  void textTheQuickReaderLeavesIsJudgedAsBefore(@ForAll("texts") String text) {
    String strict;
    try {
      strict = CidrParser.strict("cidr", text).toString();
    } catch (InvalidException e) {
      strict = "refused: " + e.getMessage();
    }
    String both;
    try {
      both = Cidr.parse("cidr", text).toString();
    } catch (InvalidException e) {
      both = "refused: " + e.getMessage();
    }
    assertThat(both).isEqualTo(strict);
  }

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<String> octet =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 300).map(String::valueOf),
            Arbitraries.strings().withChars("0123456789").ofMinLength(0).ofMaxLength(4));
    Arbitrary<String> shaped =
        Combinators.combine(
                octet,
                octet,
                octet,
                octet,
                Arbitraries.of(".", "/", ":", ""),
                Arbitraries.oneOf(
                    Arbitraries.integers().between(0, 40).map(String::valueOf),
                    Arbitraries.strings().withChars("0123456789").ofMaxLength(3)))
            .as((a, b, c, d, sep, len) -> a + "." + b + "." + c + "." + d + "/" + len + sep);
    Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789./ :x").ofMaxLength(20);
    return Arbitraries.oneOf(shaped, shaped.map(s -> s.substring(0, s.length() - 1)), noise);
  }

  @Provide
  Arbitrary<Cidr> blocks() {
    return Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
        .as(
            (address, length) ->
                Cidr.ipv4(
                    length == 0 ? 0 : address & (int) (0xFFFFFFFFL << (32 - length)), length));
  }
}
