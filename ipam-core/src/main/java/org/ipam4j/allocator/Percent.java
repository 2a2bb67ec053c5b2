package org.ipam4j.allocator;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A share as a percentage with four decimals, rounded down, as the reference server now writes
 * {@code status.utilizationPercent}: 256 addresses of a /16 is 0.3906, and 100 means nothing is
 * free. Written without trailing zeros (25, not 25.0000), so equal shares are equal values.
 */
final class Percent {

  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

  private Percent() {}

  /** The widest pool whose counts {@link #ofPowerOfTwo(long, int)} takes exactly in a long. */
  static final int LONG_BITS = 43;

  /**
   * {@code part / 2^bits} as a percentage with four decimals, for {@code bits} of at most {@link
   * #LONG_BITS}: then part &le; 2^43 and part * 10^6 &lt; 2^63, exact in a long, no object made.
   */
  static BigDecimal ofPowerOfTwo(long part, int bits) {
    return of((part * 1_000_000L) >>> bits);
  }

  /** {@code part / 2^bits} as a percentage with four decimals, for any width. */
  static BigDecimal ofPowerOfTwo(BigInteger part, int bits) {
    return of(part.multiply(MILLION).shiftRight(bits).longValueExact());
  }

  /** {@code part / whole} as a percentage with four decimals, rounded down. */
  static BigDecimal of(BigInteger part, BigInteger whole) {
    return of(part.multiply(MILLION).divide(whole).longValueExact());
  }

  private static BigDecimal of(long millionths) {
    if (millionths % 10_000 == 0) {
      return BigDecimal.valueOf(millionths / 10_000);
    }
    return BigDecimal.valueOf(millionths, 4).stripTrailingZeros();
  }
}
