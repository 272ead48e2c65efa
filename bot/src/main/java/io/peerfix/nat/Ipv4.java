package io.peerfix.nat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.peerfix.common.UserInputException;

/**
 * IPv4 addresses as ints. User input goes through the inet.ipaddr library (strict, clear IPv6
 * rejection); dump text goes through a fast validating scan because a kube-proxy table holds
 * hundreds of thousands of addresses and parsing must stay in the tens of milliseconds.
 */
final class Ipv4 {
  private Ipv4() {}

  /**
   * Parses an address typed by the user, rejecting IPv6, prefixes and garbage with a message. A
   * plain dotted quad is taken directly; anything else goes through the library, which tells IPv6
   * and other forms apart for the message (and accepts forms like 010.1.1.1 the same way).
   */
  static int parseUserAddress(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new UserInputException("the " + what + " address is missing");
    }
    long quick = scan(text, 0, text.length());
    if (quick >= 0) {
      return (int) quick;
    }
    IPAddressString parsed = new IPAddressString(text.trim());
    IPAddress address = parsed.getAddress();
    if (address == null || address.isPrefixed() || text.contains("/")) {
      throw new UserInputException(
          "the " + what + " address \"" + text + "\" is not an IPv4 address like 10.0.5.20");
    }
    if (!address.isIPv4()) {
      throw new UserInputException(
          "the " + what + " address \"" + text + "\" is IPv6; peerfix models IPv4 nat only");
    }
    return address.toIPv4().intValue();
  }

  /**
   * Scans a dotted quad in {@code s[from, to)}; returns the address as an unsigned value, or -1
   * when the text is not exactly four decimal octets.
   */
  static long scan(CharSequence s, int from, int to) {
    long value = 0;
    int octets = 0;
    int i = from;
    while (octets < 4) {
      int start = i;
      int octet = 0;
      while (i < to && i - start < 4) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          break;
        }
        octet = octet * 10 + (c - '0');
        i++;
      }
      if (i == start || i - start > 3 || octet > 255 || s.charAt(start) == '0' && i - start > 1) {
        // A leading zero is octal to iptables: IptablesAddress reads it.
        return -1;
      }
      value = (value << 8) | octet;
      octets++;
      if (octets < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
    }
    return i == to ? value : -1;
  }

  static String format(int address) {
    return ((address >>> 24) & 0xff)
        + "."
        + ((address >>> 16) & 0xff)
        + "."
        + ((address >>> 8) & 0xff)
        + "."
        + (address & 0xff);
  }
}
