package org.ipam4j.net;

/** An IP address family, spelled as the v1alpha1 API spells it. */
public enum IpFamily {
  IPv4(32),
  IPv6(128);

  private final int bits;

  IpFamily(int bits) {
    this.bits = bits;
  }

  /** The address width in bits: 32 or 128; also the longest valid prefix length. */
  public int bits() {
    return bits;
  }

  /** Whether {@code prefixLength} is a valid mask length for this family (0–32 or 0–128). */
  public boolean isValidPrefixLength(int prefixLength) {
    return prefixLength >= 0 && prefixLength <= bits;
  }
}
