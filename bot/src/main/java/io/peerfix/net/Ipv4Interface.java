package io.peerfix.net;

import java.util.Objects;
import java.util.Optional;

/**
 * An address on an interface together with the prefix length of the network it sits in, as {@code
 * ip addr} prints it ({@code 172.20.1.10/16}). Unlike a {@link Cidr}, the host bits are the point:
 * {@link #address()} is the node's own address, {@link #network()} the range it belongs to.
 */
public record Ipv4Interface(Ipv4 address, int prefix) {
  public Ipv4Interface {
    Objects.requireNonNull(address, "address");
    if (prefix < 0 || prefix > 32) {
      throw new IllegalArgumentException("prefix length must be 0-32, was " + prefix);
    }
  }

  /**
   * The interface address written {@code a.b.c.d/n} (strict dotted quad, prefix 0-32); a bare
   * address is taken as its /32.
   *
   * @throws IllegalArgumentException naming the text and the form expected
   */
  public static Ipv4Interface parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException(
          "(nothing) is not an interface address; give one like 172.20.1.10/16");
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return new Ipv4Interface(Ipv4.parse(text), 32);
    }
    Ipv4 address = Ipv4.parse(text.substring(0, slash));
    // The prefix is checked as Cidr checks it: decimal 0-32 without leading zeros.
    int prefix = Cidr.parse("0.0.0.0" + text.substring(slash)).prefix();
    return new Ipv4Interface(address, prefix);
  }

  /** The interface address in {@code text}, or empty when {@link #parse} would refuse it. */
  public static Optional<Ipv4Interface> tryParse(String text) {
    try {
      return Optional.of(parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The network the address sits in ({@code 172.20.0.0/16} for {@code 172.20.1.10/16}). */
  public Cidr network() {
    return Cidr.containing(address, prefix);
  }

  /** {@code 172.20.1.10/16}. */
  @Override
  public String toString() {
    return address + "/" + prefix;
  }
}
