package org.ipam4j.net;

/** An IP address family, spelled as the v1alpha1 API spells it. */
public enum IpFamily {
  /** IPv4: 32-bit addresses. */
  IPv4(32),
  /** IPv6: 128-bit addresses. */
  IPv6(128);

  private final int bits;

  IpFamily(int bits) {
    this.bits = bits;
  }

  /**
   * The address width in bits; also the longest valid prefix length.
   *
   * @return 32 or 128
   */
  public int bits() {
    return bits;
  }

  /**
   * Whether {@code prefixLength} is a valid mask length for this family.
   *
   * @param prefixLength the length to check
   * @return true if it is 0–32 for IPv4 or 0–128 for IPv6
   */
  public boolean isValidPrefixLength(int prefixLength) {
    return prefixLength >= 0 && prefixLength <= bits;
  }
}
