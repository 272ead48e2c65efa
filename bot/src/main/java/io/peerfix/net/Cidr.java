package io.peerfix.net;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * An IPv4 network: its first address and a prefix length 0-32, with no host bits set (so {@code
 * 10.0.0.1/8} is not a {@code Cidr}; {@link #containing} gives the network an interface address
 * sits in). Ordered by network address, then by prefix (wider first).
 */
public record Cidr(Ipv4 network, int prefix) implements Comparable<Cidr> {
  /** The whole IPv4 space, {@code 0.0.0.0/0}. */
  public static final Cidr ALL = new Cidr(Ipv4.of(0), 0);

  static final Cidr SHARED = parse("100.64.0.0/10");
  static final Cidr THIS_NETWORK = parse("0.0.0.0/8");
  static final Cidr RESERVED = parse("240.0.0.0/4");

  public Cidr {
    Objects.requireNonNull(network, "network");
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0-32, was " + prefix);
    }
    if ((network.value() & ~mask(prefix)) != 0) {
      throw new IllegalArgumentException(
          network
              + "/"
              + prefix
              + " has host bits set; give the network "
              + new Cidr(Ipv4.of(network.value() & mask(prefix)), prefix));
    }
  }

  /** The /32 of one address. */
  public static Cidr of(Ipv4 address) {
    return new Cidr(address, 32);
  }

  /** The /{@code prefix} network that {@code address} is in (host bits cleared). */
  public static Cidr containing(Ipv4 address, int prefix) {
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0-32, was " + prefix);
    }
    return new Cidr(Ipv4.of(address.value() & mask(prefix)), prefix);
  }

  /**
   * The network written in {@code text} as {@code a.b.c.d/n} (a strict dotted quad, see {@link
   * Ipv4#parse}, and a decimal prefix 0-32 without leading zeros); a bare address is its /32.
   *
   * @throws IllegalArgumentException naming the text and the form expected; for host bits set, the
   *     message names the network to give instead
   */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "(nothing) is not a CIDR; give a network like 10.0.0.0/16");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return of(address(text, text));
    }
    Ipv4 address = address(text, text.substring(0, slash));
    int prefix = prefixLength(text, text.substring(slash + 1));
    try {
      return new Cidr(address, prefix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(Ipv4.quote(text) + ": " + e.getMessage(), e);
    }
  }

  /** The network in {@code text}, or empty when {@link #parse} would refuse it. */
  public static Optional<Cidr> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The smallest network that covers every one of {@code cidrs}; empty when there are none. */
  public static Optional<Cidr> cover(Collection<Cidr> cidrs) {
    Cidr result = null;
    for (Cidr cidr : cidrs) {
      result = result == null ? cidr : result.coverWith(cidr);
    }
    return Optional.ofNullable(result);
  }

  /** The first of {@code cidrs} that contains {@code address}. */
  public static Optional<Cidr> firstContaining(Collection<Cidr> cidrs, Ipv4 address) {
    for (Cidr cidr : cidrs) {
      if (cidr.contains(address)) {
        return Optional.of(cidr);
      }
    }
    return Optional.empty();
  }

  /** True when {@code address} is in this network. */
  public boolean contains(Ipv4 address) {
    return (address.value() & mask(prefix)) == network.value();
  }

  /** True when every address of {@code other} is in this network. */
  public boolean contains(Cidr other) {
    return other.prefix >= prefix && contains(other.network);
  }

  /** True when the two networks share at least one address (one contains the other). */
  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** The first address (the network address itself). */
  public Ipv4 first() {
    return network;
  }

  /** The last address (the broadcast address for prefixes below 31). */
  public Ipv4 last() {
    return Ipv4.of(network.value() | ~mask(prefix));
  }

  /** The number of addresses, 1 to 2^32. */
  public long size() {
    return 1L << (32 - prefix);
  }

  /** True for a /32, a single address. */
  public boolean isHost() {
    return prefix == 32;
  }

  /** The network mask as an int, e.g. 0xff000000 for /8. */
  public int mask() {
    return mask(prefix);
  }

  @Override
  public int compareTo(Cidr other) {
    int byNetwork = network.compareTo(other.network);
    return byNetwork != 0 ? byNetwork : Integer.compare(prefix, other.prefix);
  }

  /** {@code 10.0.0.0/8}; a host is written with its /32. */
  @Override
  public String toString() {
    return network + "/" + prefix;
  }

  private Cidr coverWith(Cidr other) {
    int common = Integer.numberOfLeadingZeros(network.value() ^ other.network.value());
    int covering = Math.min(Math.min(prefix, other.prefix), common);
    return containing(network, covering);
  }

  private static int mask(int prefix) {
    return prefix == 0 ? 0 : -1 << (32 - prefix);
  }

  private static Ipv4 address(String whole, String text) {
    return Ipv4.tryParse(text)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    Ipv4.quote(whole)
                        + " is not a CIDR: "
                        + (whole.equals(text) ? "" : "its address ")
                        + Ipv4.problem(text)
                        + "; give a network like 10.0.0.0/16 (the address in "
                        + Ipv4.EXPECTED_FORM
                        + ")"));
  }

  private static int prefixLength(String whole, String text) {
    boolean decimal = !text.isEmpty() && text.length() <= 2 && text.chars().allMatch(Cidr::digit);
    boolean leadingZero = text.length() > 1 && text.charAt(0) == '0';
    int value = decimal ? Integer.parseInt(text) : -1;
    if (!decimal || leadingZero || value > 32) {
      throw new IllegalArgumentException(
          Ipv4.quote(whole)
              + " is not a CIDR: the prefix length "
              + Ipv4.quote(text)
              + " must be a decimal number 0-32; give a network like 10.0.0.0/16");
    }
    return value;
  }

  private static boolean digit(int c) {
    return c >= '0' && c <= '9';
  }
}
