package io.peerfix.nat;

import io.peerfix.common.UserInputException;

/**
 * IPv4 addresses as ints. User input goes through {@link io.peerfix.net.Ipv4#parse} (strict
 * dotted-quad decimal, the one rule for every input); dump text goes through a fast validating scan
 * because a kube-proxy table holds hundreds of thousands of addresses and parsing must stay in the
 * tens of milliseconds.
 */
final class Ipv4 {
  private Ipv4() {}

  /**
   * Parses an address given by the user (an option, a packet, a node's address) in the one form
   * peerfix accepts everywhere: strict dotted-quad decimal ({@link io.peerfix.net.Ipv4#parse}), so
   * {@code 010.020.1.10} is refused rather than read as octal or printed back normalised.
   */
  static int parseUserAddress(String text, String what) {
    if (text == null || text.isBlank()) {
      throw new UserInputException("the " + what + " address is missing");
    }
    try {
      return io.peerfix.net.Ipv4.parse(text).value();
    } catch (IllegalArgumentException e) {
      throw new UserInputException("the " + what + " address " + e.getMessage(), e);
    }
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
