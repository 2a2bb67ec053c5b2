package org.ipam4j.net;

import inet.ipaddr.AddressStringException;
import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import inet.ipaddr.IncompatibleAddressException;
import org.ipam4j.InvalidException;
import org.jspecify.annotations.Nullable;

/**
 * Reading a {@link Cidr} from text: plain IPv4 text (how every stored IPv4 block is written) by a
 * small reader of its own, everything else by the IPAddress library with strict parameters, and
 * what it refuses explained in ipam4j's words.
 */
final class CidrParser {

  private CidrParser() {}

  /**
   * The IPAddress library's strict parameters, made on first use: a process that only reads stored
   * IPv4 blocks never loads the library.
   */
  private static final class Strict {
    static final IPAddressStringParameters STRICT =
        new IPAddressStringParameters.Builder()
            .allowEmpty(false)
            .allowAll(false)
            .allowSingleSegment(false)
            .allowMask(false)
            .allowPrefixOnly(false)
            .allowWildcardedSeparator(false)
            .setRangeOptions(RangeParameters.NO_RANGE)
            .getIPv4AddressParametersBuilder()
            .allow_inet_aton(false)
            .allowLeadingZeros(false)
            .allowBinary(false)
            .allowPrefixesBeyondAddressSize(false)
            .getParentBuilder()
            .getIPv6AddressParametersBuilder()
            .allowZone(false)
            .allowBase85(false)
            .allowBinary(false)
            .allow_mixed_inet_aton(false)
            .allowPrefixesBeyondAddressSize(false)
            .getParentBuilder()
            .toParams();
  }

  /** {@link #parse(String, String)} by the IPAddress library alone. */
  static Cidr strict(String field, String text) {
    int slash = text.lastIndexOf('/');
    if (slash >= 0 && text.length() > slash + 2 && text.charAt(slash + 1) == '0') {
      // IPAddress cannot reject "/08" without also rejecting "/0", so that check is ours.
      throw new InvalidException(field, quote(text) + " has a leading zero in its prefix length");
    }
    if (slash >= 0 && text.length() - slash - 1 > 3) {
      throw new InvalidException(field, quote(text) + " has a prefix length longer than 128");
    }
    IPAddress address;
    try {
      address = new IPAddressString(text, Strict.STRICT).toAddress();
    } catch (AddressStringException | IncompatibleAddressException e) {
      throw new InvalidException(field, notACidr(text));
    } catch (RuntimeException e) {
      // IPAddress overflows on some long digit runs (found by fuzzing); it is still bad input.
      throw new InvalidException(field, notACidr(text));
    }
    Integer length = address.getNetworkPrefixLength();
    if (length == null) {
      throw new InvalidException(
          field, quote(text) + " has no prefix length; write it as ADDRESS/LENGTH");
    }
    if (!address.isSinglePrefixBlock()) {
      throw new InvalidException(
          field,
          quote(text)
              + " has host bits set; did you mean "
              + fromIpAddress(address.toPrefixBlock())
              + "?");
    }
    return fromIpAddress(address);
  }

  /**
   * The block, if {@code text} is an IPv4 CIDR in its plainest form ({@code 10.0.0.0/24}: four
   * decimal numbers of at most 255 without leading zeros, a prefix length of at most 32 without
   * one, no host bits set), which is how every stored IPv4 block is written; null for anything
   * else, which the strict parser then reads or refuses. What this accepts, the strict parser reads
   * the same (a property test compares them): it only spares reading stored rows the parser's cost.
   */
  static @Nullable Cidr plainIpv4(String text) {
    int n = text.length();
    if (n < 9 || n > 18) {
      return null;
    }
    long value = 0;
    int i = 0;
    for (int part = 0; part < 4; part++) {
      int start = i;
      int octet = 0;
      while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
        octet = octet * 10 + (text.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || octet > 255 || (digits > 1 && text.charAt(start) == '0')) {
        return null;
      }
      char end = part < 3 ? '.' : '/';
      if (i >= n || text.charAt(i) != end) {
        return null;
      }
      i++;
      value = (value << 8) | octet;
    }
    int start = i;
    int length = 0;
    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      length = length * 10 + (text.charAt(i) - '0');
      i++;
    }
    int digits = i - start;
    if (i != n
        || digits == 0
        || digits > 2
        || length > 32
        || (digits > 1 && text.charAt(start) == '0')) {
      return null;
    }
    long hostMask = length == 32 ? 0 : (1L << (32 - length)) - 1;
    if ((value & hostMask) != 0) {
      return null; // host bits set: the strict parser says so, with the block meant
    }
    return Cidr.ipv4((int) value, length);
  }

  private static Cidr fromIpAddress(IPAddress address) {
    byte[] bytes = address.getBytes();
    int length = address.getNetworkPrefixLength();
    if (bytes.length == 4) {
      long value = 0;
      for (byte b : bytes) {
        value = (value << 8) | (b & 0xFF);
      }
      return Cidr.ipv4((int) value, length);
    }
    long high = 0;
    long low = 0;
    for (int i = 0; i < 8; i++) {
      high = (high << 8) | (bytes[i] & 0xFF);
      low = (low << 8) | (bytes[i + 8] & 0xFF);
    }
    return Cidr.ipv6(high, low, length);
  }

  /**
   * Why text that IPAddress refused is not a CIDR, in ipam4j's words rather than the parsing
   * library's: the first thing wrong that a reader can fix.
   */
  static String notACidr(String text) {
    String why = whyNotACidr(text);
    return quote(text) + " is not a valid CIDR" + (why.isEmpty() ? "" : ": " + why);
  }

  private static String whyNotACidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return "write it as ADDRESS/LENGTH";
    }
    if (text.indexOf('/', slash + 1) >= 0) {
      return "it has more than one /";
    }
    String address = text.substring(0, slash);
    String length = text.substring(slash + 1);
    if (!length.matches("[0-9]{1,3}")) {
      return "the prefix length \"" + length + "\" is not a number";
    }
    if (address.contains(":")) {
      String v6 = whyNotIpv6(address);
      if (!v6.isEmpty() || Integer.parseInt(length) <= 128) {
        return v6;
      }
      return "an IPv6 prefix length is 0 to 128, not " + length;
    }
    String v4 = whyNotIpv4(address);
    if (!v4.isEmpty() || Integer.parseInt(length) <= 32) {
      return v4;
    }
    return "an IPv4 prefix length is 0 to 32, not " + length;
  }

  private static String whyNotIpv4(String address) {
    if (!address.matches("[0-9.]+")) {
      return address.matches("[0-9A-Za-z.]*")
          ? "\"" + address + "\" is not an IPv4 address (four numbers 0-255 with dots) nor IPv6"
          : "\"" + address + "\" holds characters an address has not";
    }
    String[] parts = address.split("\\.", -1);
    if (parts.length != 4) {
      return "an IPv4 address is four numbers with dots between them; \""
          + address
          + "\" has "
          + parts.length;
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        return "\"" + address + "\" has an empty number";
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        return "\"" + part + "\" has a leading zero (read as octal elsewhere, so refused here)";
      }
      if (part.length() > 3 || Integer.parseInt(part) > 255) {
        return part + " is more than 255, the largest number of an IPv4 address";
      }
    }
    return "";
  }

  private static String whyNotIpv6(String address) {
    if (address.indexOf("::") != address.lastIndexOf("::")) {
      return "\"::\" may stand only once in an IPv6 address";
    }
    String[] groups = address.split(":", -1);
    for (String group : groups) {
      if (group.contains(".")) {
        continue; // an embedded IPv4 address: IPAddress's own rules apply
      }
      if (!group.matches("[0-9A-Fa-f]*")) {
        return "\"" + group + "\" is not a group of hexadecimal digits";
      }
      if (group.length() > 4) {
        return "the group \"" + group + "\" has more than 4 hexadecimal digits";
      }
    }
    if (!address.contains("::") && groups.length != 8) {
      return "an IPv6 address has 8 groups (or :: for a run of zero groups); \""
          + address
          + "\" has "
          + groups.length;
    }
    if (groups.length > 9) {
      return "an IPv6 address has at most 8 groups";
    }
    return "";
  }

  private static String quote(String text) {
    return '"' + text + '"';
  }
}
