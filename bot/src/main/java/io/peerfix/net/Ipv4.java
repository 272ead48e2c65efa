package io.peerfix.net;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.peerfix.common.Counted;
import java.util.Optional;

/**
 * One IPv4 address, held as its 32 bits in an {@code int} (compared unsigned, so 200.0.0.1 sorts
 * after 10.0.0.1). The one address type of peerfix: parsed once at the edge, then passed around as
 * a value.
 *
 * <p>{@link #parse} accepts only the strict dotted-quad decimal form that every user-facing input
 * (CLI, YAML, JSON) must use: exactly four decimal octets 0-255 separated by dots, no leading zeros
 * (a leading zero means octal to {@code inet_aton}, so {@code 010.0.0.1} is ambiguous), no
 * surrounding spaces, no shortened ({@code 10.1}), hex ({@code 0x0a.0.0.1}) or IPv6 forms.
 */
public record Ipv4(int value) implements Comparable<Ipv4> {
  /** The form {@link #parse} expects, for messages. */
  public static final String EXPECTED_FORM =
      "four decimal numbers 0-255 separated by dots, without leading zeros, like 10.0.5.20";

  /** The address whose 32 bits are {@code value}. */
  public static Ipv4 of(int value) {
    return new Ipv4(value);
  }

  /** The address {@code a.b.c.d}; each octet must be 0-255. */
  public static Ipv4 of(int a, int b, int c, int d) {
    for (int octet : new int[] {a, b, c, d}) {
      if (octet < 0 || octet > 255) {
        throw new IllegalArgumentException("octet " + octet + " is outside 0-255");
      }
    }
    return new Ipv4((a << 24) | (b << 16) | (c << 8) | d);
  }

  /**
   * The address written in {@code text} in strict dotted-quad decimal.
   *
   * @throws IllegalArgumentException naming the text, what is wrong with it and the form expected
   */
  public static Ipv4 parse(String text) {
    long scanned = scan(text);
    if (scanned < 0) {
      throw new IllegalArgumentException(
          quote(text) + " is not an IPv4 address: " + problem(text) + "; give " + EXPECTED_FORM);
    }
    return new Ipv4((int) scanned);
  }

  /** The address in {@code text}, or empty when {@link #parse} would refuse it. */
  public static Optional<Ipv4> tryParse(String text) {
    long scanned = scan(text);
    return scanned < 0 ? Optional.empty() : Optional.of(new Ipv4((int) scanned));
  }

  /** The octet at {@code index} 0-3, most significant first. */
  public int octet(int index) {
    if (index < 0 || index > 3) {
      throw new IllegalArgumentException("octet index must be 0-3, was " + index);
    }
    return (value >>> (24 - 8 * index)) & 0xff;
  }

  /** The address {@code n} after this one (wrapping past 255.255.255.255). */
  public Ipv4 plus(int n) {
    return new Ipv4(value + n);
  }

  /** The address as an unsigned number, 0 to 2^32-1. */
  public long unsigned() {
    return Integer.toUnsignedLong(value);
  }

  /**
   * True for an address routed on the internet: not private (RFC 1918), shared (100.64.0.0/10),
   * loopback, link-local, "this network" (0.0.0.0/8), multicast or reserved.
   */
  public boolean isPublic() {
    IPAddress address = new IPAddressString(toString()).getAddress();
    return !(address.toIPv4().isPrivate()
        || address.isLoopback()
        || address.isLinkLocal()
        || address.isMulticast()
        || Cidr.SHARED.contains(this)
        || Cidr.THIS_NETWORK.contains(this)
        || Cidr.RESERVED.contains(this));
  }

  @Override
  public int compareTo(Ipv4 other) {
    return Integer.compareUnsigned(value, other.value);
  }

  /** The dotted quad, e.g. {@code 10.0.5.20}. */
  @Override
  public String toString() {
    return octet(0) + "." + octet(1) + "." + octet(2) + "." + octet(3);
  }

  /** The address as an unsigned value, or -1 when {@code text} is not a strict dotted quad. */
  private static long scan(String text) {
    if (text == null) {
      return -1;
    }
    int length = text.length();
    long value = 0;
    int i = 0;
    for (int octets = 0; octets < 4; octets++) {
      if (octets > 0) {
        if (i >= length || text.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
      int start = i;
      int octet = 0;
      while (i < length && i - start < 3 && isDigit(text.charAt(i))) {
        octet = octet * 10 + (text.charAt(i) - '0');
        i++;
      }
      boolean leadingZero = i - start > 1 && text.charAt(start) == '0';
      if (i == start || octet > 255 || leadingZero) {
        return -1;
      }
      value = (value << 8) | octet;
    }
    return i == length ? value : -1;
  }

  /** What is wrong with text that {@link #scan} refused, in words. */
  static String problem(String text) {
    if (text == null || text.isEmpty()) {
      return "it is empty";
    }
    if (!text.equals(text.strip())) {
      return "it has spaces around it";
    }
    if (text.contains("/")) {
      return "it has a prefix length; give the address alone";
    }
    if (text.indexOf(':') >= 0) {
      IPAddress parsed = new IPAddressString(text).getAddress();
      return parsed != null && parsed.isIPv6()
          ? "it is IPv6; peerfix models IPv4 only"
          : "it contains ':'";
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return "it has " + Counted.of(parts.length, "part") + ", not 4";
    }
    for (String part : parts) {
      if (part.isEmpty()) {
        return "an octet is empty";
      }
      if (!part.chars().allMatch(Ipv4::isDigit)) {
        return "octet " + quote(part) + " is not a decimal number";
      }
      if (part.length() > 1 && part.charAt(0) == '0') {
        return "octet " + quote(part) + " has a leading zero";
      }
      if (part.length() > 3 || Integer.parseInt(part) > 255) {
        return "octet " + part + " is above 255";
      }
    }
    return "it is not a dotted quad";
  }

  private static boolean isDigit(int c) {
    return c >= '0' && c <= '9';
  }

  static String quote(String text) {
    return text == null ? "(nothing)" : "\"" + text + "\"";
  }
}
