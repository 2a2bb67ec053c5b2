package org.ipam4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.ipam4j.InvalidException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.256/24|256 is more than 255, the largest number of an IPv4 address",
        "1.2.3/24|an IPv4 address is four numbers with dots between them; \"1.2.3\" has 3",
        "10.0.0.0/33|an IPv4 prefix length is 0 to 32, not 33",
        "2001:db8::/129|an IPv6 prefix length is 0 to 128, not 129",
        "::g/64|\"g\" is not a group of hexadecimal digits",
        "10.00.0.0/16|\"00\" has a leading zero (read as octal elsewhere, so refused here)",
        "2001:db8::1::/64|\"::\" may stand only once in an IPv6 address",
        "2001:db8:1:2:3:4:5/64|an IPv6 address has 8 groups (or :: for a run of zero groups);"
            + " \"2001:db8:1:2:3:4:5\" has 7",
        "2001:db8:12345::/48|the group \"12345\" has more than 4 hexadecimal digits",
        "10.0.0.0/8/8|it has more than one /",
        "10.0.0.0/x|the prefix length \"x\" is not a number",
        "abc/8|\"abc\" is not an IPv4 address (four numbers 0-255 with dots) nor IPv6",
        "10.0.0.0./8|an IPv4 address is four numbers with dots between them; \"10.0.0.0.\" has 5",
      })
  void sayWhatIsWrongInItsOwnWords(String text, String why) {
    assertThatThrownBy(() -> Cidr.parse("spec.cidr", text))
        .isInstanceOf(InvalidException.class)
        .hasMessage("spec.cidr: \"" + text + "\" is not a valid CIDR: " + why)
        .hasMessageNotContaining("IP Address error");
  }

  @Property(tries = 2000)
  void everyRefusalIsInIpam4jsWords(@ForAll("junk") String text) {
    try {
      Cidr.parse(text);
    } catch (InvalidException e) {
      assertThat(e.getMessage()).doesNotContain("IP Address error").startsWith("cidr: \"");
    }
  }

  @Provide
  Arbitrary<String> junk() {
    return Arbitraries.strings().withChars("0123456789abcdefg.:/ ").ofMaxLength(24);
  }

  @Test
  void parsesIpv4() {
    Cidr c = Cidr.parse("10.0.0.0/8");
    assertThat(c.family()).isEqualTo(IpFamily.IPv4);
    assertThat(c.low()).isEqualTo(0x0A000000L);
    assertThat(c.high()).isZero();
    assertThat(c.prefixLength()).isEqualTo(8);
    assertThat(c).hasToString("10.0.0.0/8");
  }

  @Test
  void parsesIpv6() {
    Cidr c = Cidr.parse("2001:DB8::/32");
    assertThat(c.family()).isEqualTo(IpFamily.IPv6);
    assertThat(c.high()).isEqualTo(0x20010DB800000000L);
    assertThat(c.low()).isZero();
    assertThat(c).hasToString("2001:db8::/32");
  }

  @ParameterizedTest
  @CsvSource({
    "2001:DB8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
    "2001:db8:0:1:1:1:1:1/128, 2001:db8:0:1:1:1:1:1/128",
    "2001:0:0:1:0:0:0:1/128, 2001:0:0:1::1/128",
    "2001:0db8:0000:0000:0000:0000:0000:0000/32, 2001:db8::/32",
    "::/0, ::/0",
    "0:0:0:0:0:0:0:1/128, ::1/128",
    "fe80::/10, fe80::/10",
  })
  void formatsIpv6AsRfc5952(String input, String canonical) {
    assertThat(Cidr.parse(input)).hasToString(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "010.0.0.0/8", // leading zero: octal in some parsers
        "0x0a.0.0.0/8",
        "10.1/16", // inet_aton shorthand
        "1.2.3/24",
        "167772160/8", // single segment
        "10.0.0.0", // no prefix length
        "10.0.0.0/33",
        "10.0.0.0/255.0.0.0", // mask
        "10.0.0.0-10.0.0.255/24", // range
        "10.0.0.*/24",
        "fe80::%eth0/64", // zone
        "2001:db8::/129",
        "",
        "*",
        "/8",
        "10.0.0.0/08",
        "banana/8",
        "255.0.0.0/899999999999999999999999", // long digit runs overflowed inside IPAddress
        "255.0.0.099999999999999999999999/8",
        "2001:db8::99999999999999999999999/64"
      })
  void rejectsAnythingButAStrictCidr(String text) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(InvalidException.class)
        .hasMessageStartingWith("cidr: ")
        .hasMessageContaining('"' + text + '"');
    assertThat(Cidr.tryParse(text)).isEmpty();
  }

  @Test
  @SuppressWarnings("NullAway") // passes null on purpose
  void tryParseOfNoTextIsAnErrorNotEmpty() {
    assertThatThrownBy(() -> Cidr.tryParse(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("text");
  }

  @Test
  void suggestsTheBlockWhenHostBitsAreSet() {
    assertThatThrownBy(() -> Cidr.parse("10.0.0.1/24"))
        .isInstanceOf(InvalidException.class)
        .hasMessage("cidr: \"10.0.0.1/24\" has host bits set; did you mean 10.0.0.0/24?");
    assertThatThrownBy(() -> Cidr.parse("spec.cidr", "2001:db8::1/64"))
        .hasMessage("spec.cidr: \"2001:db8::1/64\" has host bits set; did you mean 2001:db8::/64?");
  }

  @Test
  void lastIsTheBlocksLastAddressAsASingleAddressBlock() {
    assertThat(Cidr.parse("10.1.2.0/24").last()).isEqualTo(Cidr.parse("10.1.2.255/32"));
    assertThat(Cidr.parse("0.0.0.0/0").last()).isEqualTo(Cidr.parse("255.255.255.255/32"));
    assertThat(Cidr.parse("2001:db8::/32").last())
        .isEqualTo(Cidr.parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff/128"));
    assertThat(Cidr.parse("::/0").last())
        .isEqualTo(Cidr.parse("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));
    assertThat(Cidr.parse("2001:db8::1/128").last()).isEqualTo(Cidr.parse("2001:db8::1/128"));
    assertThat(Cidr.parse("10.0.0.0/8"))
        .isEqualTo(Cidr.ipv4(0x0A000000, 8))
        .hasSameHashCodeAs(Cidr.ipv4(0x0A000000, 8));
    assertThat(Cidr.parse("10.0.0.0/8")).isNotEqualTo(Cidr.parse("10.0.0.0/9"));
  }

  @Test
  void constructorRejectsHostBitsAndBadLengths() {
    assertThatThrownBy(() -> Cidr.ipv4(0x0A000001, 24))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.ipv4(0, 33)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.ipv6(0, 1, 127)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Cidr.ipv6(1, 0, 63)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void containsAndOverlaps() {
    Cidr eight = Cidr.parse("10.0.0.0/8");
    Cidr sixteen = Cidr.parse("10.1.0.0/16");
    Cidr other = Cidr.parse("11.0.0.0/8");
    Cidr v6 = Cidr.parse("::/0");
    assertThat(eight.contains(sixteen)).isTrue();
    assertThat(sixteen.contains(eight)).isFalse();
    assertThat(eight.contains(eight)).isTrue();
    assertThat(eight.overlaps(sixteen)).isTrue();
    assertThat(sixteen.overlaps(eight)).isTrue();
    assertThat(eight.overlaps(other)).isFalse();
    assertThat(v6.contains(Cidr.parse("10.0.0.0/8"))).isFalse();
    assertThat(v6.contains(Cidr.parse("2001:db8::/32"))).isTrue();
    assertThat(Cidr.parse("0.0.0.0/0").contains(Cidr.parse("255.255.255.255/32"))).isTrue();
  }

  @Test
  void firstLastAndExactSize() {
    Cidr c = Cidr.parse("192.168.4.0/22");
    assertThat(c.firstAddress().getHostAddress()).isEqualTo("192.168.4.0");
    assertThat(c.lastAddress().getHostAddress()).isEqualTo("192.168.7.255");
    assertThat(c.size()).isEqualTo(BigInteger.valueOf(1024));
    Cidr all = Cidr.parse("::/0");
    assertThat(all.size()).isEqualTo(BigInteger.TWO.pow(128));
    assertThat(all.lastAddress().getHostAddress())
        .isEqualTo("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff");
    assertThat(Cidr.parse("2001:db8::/64").lastAddress().getHostAddress())
        .isEqualTo("2001:db8:0:0:ffff:ffff:ffff:ffff");
  }

  @Test
  void ordersByFamilyThenAddressThenLength() {
    assertThat(Cidr.parse("10.0.0.0/8")).isLessThan(Cidr.parse("10.0.0.0/16"));
    assertThat(Cidr.parse("10.0.0.0/16")).isLessThan(Cidr.parse("10.1.0.0/16"));
    assertThat(Cidr.parse("255.0.0.0/8")).isLessThan(Cidr.parse("::/0"));
    assertThat(Cidr.parse("8000::/1")).isGreaterThan(Cidr.parse("::/1"));
  }

  @Property(tries = 1000)
  void formatThenParseIsIdentity(@ForAll("cidrs") Cidr cidr) {
    assertThat(Cidr.parse(cidr.toString())).isEqualTo(cidr);
  }

  @Property(tries = 1000)
  void overlapIsContainmentEitherWay(@ForAll("cidrs") Cidr a, @ForAll("cidrs") Cidr b) {
    assertThat(a.overlaps(b)).isEqualTo(a.contains(b) || b.contains(a));
    assertThat(a.overlaps(b)).isEqualTo(b.overlaps(a));
  }

  @Provide
  Arbitrary<Cidr> cidrs() {
    Arbitrary<Cidr> v4 =
        Combinators.combine(Arbitraries.integers(), Arbitraries.integers().between(0, 32))
            .as(
                (address, length) ->
                    Cidr.ipv4(length == 0 ? 0 : address & (-1 << (32 - length)), length));
    Arbitrary<Cidr> v6 =
        Combinators.combine(
                Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 128))
            .as(CidrTest::ipv6Block);
    // Small address spaces make overlaps between two generated blocks likely.
    Arbitrary<Cidr> nearby =
        Combinators.combine(
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 8))
            .as(
                (address, length) ->
                    Cidr.ipv4((address << 24) & (length == 0 ? 0 : -1 << (32 - length)), length));
    return Arbitraries.oneOf(v4, v6, nearby);
  }

  static Cidr ipv6Block(long high, long low, int length) {
    long highMask = length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
    long lowMask = length <= 64 ? 0 : length == 128 ? -1L : -1L << (128 - length);
    return Cidr.ipv6(high & highMask, low & lowMask, length);
  }
}
