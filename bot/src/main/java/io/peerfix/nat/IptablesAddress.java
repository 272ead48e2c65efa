package io.peerfix.nat;

/**
 * Addresses in rule text read exactly as iptables reads them (libxtables {@code
 * xtables_ipparse_any}), for the forms the fast decimal scan leaves: each dot-separated part is a C
 * number of any base ({@code 010} is octal 8, {@code 0x0a} is 10), 0-255; fewer than four parts
 * fill the rest with zeros ({@code 10.1} is 10.1.0.0); text that is still not an address is what
 * iptables then resolves as a host name, which for numbers means the {@code inet_aton} forms
 * ({@code 0x0a000001} is 10.0.0.1, {@code 10.65536} is 10.1.0.0). A prefix length is a C number too
 * ({@code /033} is /27). Checked against iptables-legacy and iptables-nft 1.8.9.
 */
final class IptablesAddress {
  private IptablesAddress() {}

  /** The address in {@code s[from, to)} as an unsigned value, or -1. */
  static long address(CharSequence s, int from, int to) {
    long numeric = xtables(s, from, to, false);
    return numeric >= 0 ? numeric : inetAton(s, from, to);
  }

  /** Numbers only, no host-name fallback: what SNAT/DNAT ranges take. */
  static long numeric(CharSequence s, int from, int to) {
    return xtables(s, from, to, false);
  }

  /** A dotted mask (four parts) in {@code s[from, to)}, or -1. */
  static long dottedMask(CharSequence s, int from, int to) {
    return xtables(s, from, to, true);
  }

  /** A prefix length 0-32 written as a C number, or -1. */
  static int prefix(CharSequence s, int from, int to) {
    long bits = number(s, from, to);
    return bits > 32 ? -1 : (int) bits;
  }

  private static long xtables(CharSequence s, int from, int to, boolean mask) {
    long value = 0;
    int parts = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (parts == 3 && i < to) {
          return -1; // a fifth part: the fourth would not be a number
        }
        long part = number(s, start, i);
        if (part < 0 || part > 255) {
          return -1;
        }
        value = (value << 8) | part;
        parts++;
        start = i + 1;
      }
    }
    if (parts < 4 && mask) {
      return -1;
    }
    return value << (8 * (4 - parts));
  }

  private static long inetAton(CharSequence s, int from, int to) {
    long[] parts = new long[4];
    int count = 0;
    int start = from;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (count == 4) {
          return -1;
        }
        parts[count] = number(s, start, i);
        if (parts[count] < 0) {
          return -1;
        }
        count++;
        start = i + 1;
      }
    }
    long last = parts[count - 1];
    long value = 0;
    for (int k = 0; k < count - 1; k++) {
      if (parts[k] > 255) {
        return -1;
      }
      value |= parts[k] << (24 - 8 * k);
    }
    long room = 1L << (8 * (5 - count));
    return last >= room ? -1 : value | last;
  }

  /** A C unsigned number (decimal, 0-prefixed octal, 0x hex) filling {@code s[from, to)}, or -1. */
  private static long number(CharSequence s, int from, int to) {
    if (from >= to) {
      return -1;
    }
    int base = 10;
    int i = from;
    if (s.charAt(i) == '0' && to - from > 1) {
      boolean hex = s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X';
      base = hex ? 16 : 8;
      i += hex ? 2 : 1;
      if (hex && i == to) {
        return -1;
      }
    }
    long value = 0;
    for (; i < to; i++) {
      int digit = Character.digit(s.charAt(i), base);
      if (digit < 0) {
        return -1;
      }
      value = value * base + digit;
      if (value > 0xffffffffL) {
        return -1;
      }
    }
    return value;
  }
}
