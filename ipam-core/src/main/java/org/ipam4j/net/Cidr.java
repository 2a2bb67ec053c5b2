package org.ipam4j.net;

import inet.ipaddr.ipv6.IPv6Address;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Optional;
import org.ipam4j.InvalidException;

/**
 * One CIDR block of either family, such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}.
 *
 * <p>The address is held as an unsigned 128-bit number in two longs ({@code high}, {@code low}); an
 * IPv4 address sits in the low 32 bits of {@code low} and {@code high} is zero. Host bits (the bits
 * past the prefix length) are always zero: a {@code Cidr} is always a whole aligned block.
 *
 * <p>Parsing is strict, as in Guava's {@code InetAddresses}: no octal or hexadecimal IPv4 parts, no
 * {@code 1.2.3} shorthand, no leading zeros in IPv4, no ranges, wildcards, masks or zones, and a
 * prefix length is required.
 *
 * <p>Instances are immutable values: built by {@link #parse}, {@link #ipv4} or {@link #ipv6}, equal
 * when family, address and prefix length are.
 *
 * @since 0.1
 */
public final class Cidr implements Comparable<Cidr> {

  private final IpFamily family;
  private final long high;
  private final long low;
  private final int prefixLength;

  /**
   * Checks the invariants.
   *
   * @throws IllegalArgumentException if the prefix length is out of range for the family, an IPv4
   *     value does not fit 32 bits, or host bits are set
   */
  private Cidr(IpFamily family, long high, long low, int prefixLength) {
    Objects.requireNonNull(family, "family");
    if (!family.isValidPrefixLength(prefixLength)) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " is not valid for " + family);
    }
    if (family == IpFamily.IPv4 && (high != 0 || (low >>> 32) != 0)) {
      throw new IllegalArgumentException("IPv4 value does not fit in 32 bits");
    }
    int hostBits = family.bits() - prefixLength;
    if ((high & hostMaskHigh(family, hostBits)) != 0 || (low & hostMaskLow(hostBits)) != 0) {
      throw new IllegalArgumentException("host bits are set past /" + prefixLength);
    }
    this.family = family;
    this.high = high;
    this.low = low;
    this.prefixLength = prefixLength;
  }

  /**
   * The address family.
   *
   * @return IPv4 or IPv6
   */
  public IpFamily family() {
    return family;
  }

  /**
   * The upper 64 bits of the 128-bit address, as {@link #ipv6} takes them.
   *
   * @return the bits; zero for IPv4
   */
  public long high() {
    return high;
  }

  /**
   * The lower 64 bits of the 128-bit address, as {@link #ipv6} takes them.
   *
   * @return the bits; for IPv4, the address in the low 32 bits
   */
  public long low() {
    return low;
  }

  /**
   * The prefix length.
   *
   * @return 0–32 for IPv4, 0–128 for IPv6
   */
  public int prefixLength() {
    return prefixLength;
  }

  /**
   * Parses a CIDR strictly.
   *
   * @param text the CIDR, e.g. {@code 10.0.0.0/16} or {@code 2001:db8::/32}
   * @return the block
   * @throws InvalidException (field {@code cidr}) naming the text and what is wrong; when only host
   *     bits are set, the message suggests the enclosing block ({@code "10.0.0.1/24 has host bits
   *     set; did you mean 10.0.0.0/24?"})
   */
  public static Cidr parse(String text) {
    return parse("cidr", text);
  }

  /**
   * Parses a CIDR strictly, reporting problems against the given field path.
   *
   * @param field the field path to name in the error, such as {@code spec.cidr}
   * @param text the CIDR
   * @return the block
   * @throws InvalidException naming {@code field} and the text
   */
  public static Cidr parse(String field, String text) {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(text, "text");
    Cidr plain = CidrParser.plainIpv4(text);
    return plain != null ? plain : CidrParser.strict(field, text);
  }

  /**
   * Like {@link #parse(String)}, but answers empty for text that is not a CIDR instead of throwing.
   *
   * @param text the text to read
   * @return the block, or empty if {@code text} is not a strict CIDR
   * @throws NullPointerException if {@code text} is null: no text is not "not a CIDR"
   */
  public static Optional<Cidr> tryParse(String text) {
    java.util.Objects.requireNonNull(text, "text");
    try {
      return Optional.of(parse(text));
    } catch (InvalidException e) {
      return Optional.empty();
    }
  }

  /**
   * The IPv4 block with the given address and prefix length.
   *
   * @param address the 32-bit address, read as unsigned
   * @param prefixLength 0–32
   * @return the block
   * @throws IllegalArgumentException if the prefix length is out of range or host bits are set
   */
  public static Cidr ipv4(int address, int prefixLength) {
    return new Cidr(IpFamily.IPv4, 0, Integer.toUnsignedLong(address), prefixLength);
  }

  /**
   * The IPv6 block with the given address and prefix length.
   *
   * @param high the upper 64 bits of the 128-bit address
   * @param low the lower 64 bits
   * @param prefixLength 0–128
   * @return the block
   * @throws IllegalArgumentException if the prefix length is out of range or host bits are set
   */
  public static Cidr ipv6(long high, long low, int prefixLength) {
    return new Cidr(IpFamily.IPv6, high, low, prefixLength);
  }

  /**
   * The number of addresses in the block, exactly.
   *
   * @return 2^(bits − prefixLength)
   */
  public BigInteger size() {
    return POWERS_OF_TWO[family.bits() - prefixLength];
  }

  /** 2^0 to 2^128, made once: a pool's status asks for its size on every claim. */
  private static final BigInteger[] POWERS_OF_TWO = new BigInteger[129];

  static {
    for (int i = 0; i < POWERS_OF_TWO.length; i++) {
      POWERS_OF_TWO[i] = BigInteger.ONE.shiftLeft(i);
    }
  }

  /**
   * Whether every address of {@code other} lies in this block (a block contains itself).
   *
   * @param other the block to test
   * @return false for a block of the other family
   */
  public boolean contains(Cidr other) {
    return family == other.family
        && prefixLength <= other.prefixLength
        && sameNetwork(other, prefixLength);
  }

  /**
   * Whether the two blocks share any address; aligned blocks overlap only by containment.
   *
   * @param other the block to test
   * @return false for a block of the other family
   */
  public boolean overlaps(Cidr other) {
    return family == other.family && sameNetwork(other, Math.min(prefixLength, other.prefixLength));
  }

  private boolean sameNetwork(Cidr other, int length) {
    int hostBits = family.bits() - length;
    long maskHigh = ~hostMaskHigh(family, hostBits);
    long maskLow = ~hostMaskLow(hostBits);
    return ((high ^ other.high) & maskHigh) == 0 && ((low ^ other.low) & maskLow) == 0;
  }

  /**
   * The first address of the block (its network address).
   *
   * @return an {@code Inet4Address} or {@code Inet6Address}
   */
  public InetAddress firstAddress() {
    return toInetAddress(high, low);
  }

  /**
   * The last address of the block.
   *
   * @return an {@code Inet4Address} or {@code Inet6Address}
   */
  public InetAddress lastAddress() {
    return toInetAddress(lastHigh(), lastLow());
  }

  /**
   * The block's last address as a block of its own ({@code /32} or {@code /128}), such as an IPv4
   * subnet's broadcast address.
   *
   * @return the single-address block
   */
  public Cidr last() {
    return new Cidr(family, lastHigh(), lastLow(), family.bits());
  }

  private long lastHigh() {
    return high | hostMaskHigh(family, family.bits() - prefixLength);
  }

  private long lastLow() {
    return low | hostMaskLow(family.bits() - prefixLength);
  }

  /**
   * The block of {@code length} that contains this one: this block's address with the bits past
   * {@code length} cleared.
   *
   * @param length a prefix length no longer than this block's
   * @return the enclosing block (this block itself for its own length)
   * @throws IllegalArgumentException if {@code length} is longer than this block's, or negative
   */
  public Cidr enclosing(int length) {
    if (length < 0 || length > prefixLength) {
      throw new IllegalArgumentException("/" + length + " does not enclose " + this);
    }
    int hostBits = family.bits() - length;
    return new Cidr(
        family, high & ~hostMaskHigh(family, hostBits), low & ~hostMaskLow(hostBits), length);
  }

  /**
   * The {@code index}-th block of {@code length} inside this one, counting from its first address:
   * index 0 starts where this block starts, the last index ends where it ends.
   *
   * @param length the prefix length of the block wanted, at least this block's
   * @param index from 0 to 2^(length − prefixLength) − 1
   * @return the block
   * @throws IllegalArgumentException if the length or index is out of range
   */
  public Cidr subBlock(int length, BigInteger index) {
    if (length < prefixLength || length > family.bits()) {
      throw new IllegalArgumentException("/" + length + " is not inside " + this);
    }
    if (index.signum() < 0 || index.bitLength() > length - prefixLength) {
      throw new IllegalArgumentException(
          "there is no block " + index + " of /" + length + " in " + this);
    }
    BigInteger value = addressValue().add(index.shiftLeft(family.bits() - length));
    return new Cidr(family, value.shiftRight(64).longValue(), value.longValue(), length);
  }

  /**
   * The block's address as an unsigned integer.
   *
   * @return the first address's value, from 0 to 2^bits − 1
   */
  public BigInteger addressValue() {
    return new BigInteger(1, toBytes(high, low));
  }

  private InetAddress toInetAddress(long hi, long lo) {
    try {
      return InetAddress.getByAddress(toBytes(hi, lo));
    } catch (UnknownHostException e) {
      throw new AssertionError("a 4- or 16-byte address is always accepted", e);
    }
  }

  private byte[] toBytes(long hi, long lo) {
    if (family == IpFamily.IPv4) {
      return new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo};
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (hi >>> (56 - 8 * i));
      bytes[i + 8] = (byte) (lo >>> (56 - 8 * i));
    }
    return bytes;
  }

  /** Orders IPv4 before IPv6, then by address, then shorter prefixes (larger blocks) first. */
  @Override
  public int compareTo(Cidr other) {
    int c = family.compareTo(other.family);
    if (c == 0) {
      c = Long.compareUnsigned(high, other.high);
    }
    if (c == 0) {
      c = Long.compareUnsigned(low, other.low);
    }
    return c != 0 ? c : Integer.compare(prefixLength, other.prefixLength);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c
        && family == c.family
        && high == c.high
        && low == c.low
        && prefixLength == c.prefixLength;
  }

  @Override
  public int hashCode() {
    int h = family.hashCode();
    h = 31 * h + Long.hashCode(high);
    h = 31 * h + Long.hashCode(low);
    return 31 * h + prefixLength;
  }

  /** The canonical text: dotted quad for IPv4, RFC 5952 for IPv6, then {@code /length}. */
  @Override
  public String toString() {
    if (family == IpFamily.IPv4) {
      return (low >>> 24)
          + "."
          + ((low >>> 16) & 0xFF)
          + "."
          + ((low >>> 8) & 0xFF)
          + "."
          + (low & 0xFF)
          + "/"
          + prefixLength;
    }
    return new IPv6Address(high, low).toCanonicalString() + "/" + prefixLength;
  }

  /** The bits of {@code high} that are host bits when {@code hostBits} low bits are host bits. */
  static long hostMaskHigh(IpFamily family, int hostBits) {
    if (family == IpFamily.IPv4 || hostBits <= 64) {
      return 0;
    }
    return hostBits >= 128 ? -1L : (1L << (hostBits - 64)) - 1;
  }

  static long hostMaskLow(int hostBits) {
    return hostBits >= 64 ? -1L : (1L << hostBits) - 1;
  }
}
