package org.ipam4j.jdbc;

import org.ipam4j.net.Cidr;

/**
 * A block's first and last address as 32 lowercase hex digits, so that text order is address order:
 * what the overlap triggers compare.
 */
final class BlockColumns {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private BlockColumns() {}

  static String low(Cidr block) {
    return hex32(block.high(), block.low());
  }

  static String high(Cidr block) {
    Cidr last = block.last();
    return hex32(last.high(), last.low());
  }

  /** 128 bits as 32 hex digits (String.format costs more than the rest of a row). */
  private static String hex32(long high, long low) {
    char[] digits = new char[32];
    for (int i = 0; i < 16; i++) {
      digits[i] = HEX[(int) (high >>> (60 - 4 * i)) & 15];
      digits[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 15];
    }
    return new String(digits);
  }
}
