package org.ipam4j.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Random;
import org.ipam4j.net.Cidr;
import org.ipam4j.net.IpFamily;
import org.junit.jupiter.api.Test;

/** The block columns the overlap trigger compares: address order must be text order. */
class BlockColumnsTest {

  @Test
  void theColumnsAreTheFirstAndLastAddressIn32HexDigits() {
    Random random = new Random(20261127);
    for (int i = 0; i < 20_000; i++) {
      boolean v4 = random.nextBoolean();
      IpFamily family = v4 ? IpFamily.IPv4 : IpFamily.IPv6;
      int length = random.nextInt(family.bits() + 1);
      BigInteger value = new BigInteger(family.bits(), random);
      BigInteger network =
          value.shiftRight(family.bits() - length).shiftLeft(family.bits() - length);
      Cidr block = Cidr.parse(v4 ? ipv4(network) + "/" + length : ipv6(network) + "/" + length);
      BigInteger last =
          network.add(BigInteger.ONE.shiftLeft(family.bits() - length)).subtract(BigInteger.ONE);
      assertThat(BlockColumns.low(block)).isEqualTo(String.format("%032x", network));
      assertThat(BlockColumns.high(block)).isEqualTo(String.format("%032x", last));
    }
    assertThat(BlockColumns.high(Cidr.parse("::/0"))).isEqualTo("f".repeat(32));
    assertThat(BlockColumns.high(Cidr.parse("0.0.0.0/0"))).isEqualTo("0".repeat(24) + "ffffffff");
  }

  private static String ipv4(BigInteger v) {
    long n = v.longValue();
    return (n >>> 24) + "." + ((n >>> 16) & 255) + "." + ((n >>> 8) & 255) + "." + (n & 255);
  }

  private static String ipv6(BigInteger v) {
    StringBuilder out = new StringBuilder();
    for (int i = 7; i >= 0; i--) {
      out.append(Integer.toHexString(v.shiftRight(16 * i).intValue() & 0xffff))
          .append(i == 0 ? "" : ":");
    }
    return out.toString();
  }
}
