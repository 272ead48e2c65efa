package io.peerfix.vpc;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Collection;
import java.util.Optional;

/** IPv4 address and CIDR arithmetic on the model's strings, through inet.ipaddr. */
final class Ip {
  private static final IPAddress SHARED = block("100.64.0.0/10").orElseThrow();
  private static final IPAddress MULTICAST = block("224.0.0.0/4").orElseThrow();

  private Ip() {}

  /** The IPv4 address in {@code text}; rejects anything else with a message naming what. */
  static IPAddress address(String text, String what) {
    IPAddress address = new IPAddressString(text).getAddress();
    if (address == null || !address.isIPv4() || address.getNetworkPrefixLength() != null) {
      throw new IllegalArgumentException(what + " must be an IPv4 address, was '" + text + "'");
    }
    return address;
  }

  /** The IPv4 block of a CIDR (host bits ignored); empty for IPv6 or unparseable text. */
  static Optional<IPAddress> block(String cidr) {
    if (cidr == null) {
      return Optional.empty();
    }
    IPAddress address = new IPAddressString(cidr.trim()).getAddress();
    if (address == null || !address.isIPv4()) {
      return Optional.empty();
    }
    return Optional.of(address.toPrefixBlock());
  }

  /** True when the CIDR contains the address. */
  static boolean contains(String cidr, IPAddress address) {
    return block(cidr).map(b -> b.contains(address)).orElse(false);
  }

  /** The first CIDR of {@code cidrs} that contains the address. */
  static Optional<String> containing(Collection<String> cidrs, IPAddress address) {
    return cidrs.stream().filter(c -> contains(c, address)).findFirst();
  }

  /** True when the two CIDRs share an address. */
  static boolean overlaps(String a, String b) {
    Optional<IPAddress> blockB = block(b);
    return block(a).map(x -> blockB.map(x::overlaps).orElse(false)).orElse(false);
  }

  /** Prefix length of a CIDR, or -1 when it is not an IPv4 CIDR. */
  static int prefixLength(String cidr) {
    return block(cidr).map(b -> b.getNetworkPrefixLength()).orElse(-1);
  }

  /**
   * True for an address routed on the internet (not private, shared, loopback, link-local, ...).
   */
  static boolean isPublic(IPAddress address) {
    return !(address.toIPv4().isPrivate()
        || address.isLoopback()
        || address.isLinkLocal()
        || address.isAnyLocal()
        || SHARED.contains(address)
        || MULTICAST.contains(address));
  }

  /** The address as a /32 CIDR. */
  static String host(IPAddress address) {
    return address.toNormalizedString() + "/32";
  }
}
