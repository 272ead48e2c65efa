package io.peerfix.diagnosis;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Address arithmetic on text addresses and CIDRs; malformed text never matches. */
final class Cidrs {
  private static final List<IPAddress> NOT_PUBLIC =
      List.of(
              "10.0.0.0/8",
              "172.16.0.0/12",
              "192.168.0.0/16",
              "100.64.0.0/10",
              "127.0.0.0/8",
              "169.254.0.0/16",
              "0.0.0.0/8")
          .stream()
          .map(c -> block(c).orElseThrow())
          .toList();

  private Cidrs() {}

  /** The IPv4 block for {@code cidr} (a plain address is a /32). */
  static Optional<IPAddress> block(String cidr) {
    if (cidr == null || cidr.isBlank()) {
      return Optional.empty();
    }
    IPAddress address = new IPAddressString(cidr.trim()).getAddress();
    if (address == null || !address.isIPv4()) {
      return Optional.empty();
    }
    return Optional.of(address.isPrefixed() ? address.toPrefixBlock() : address);
  }

  static boolean isAddress(String text) {
    return block(text).filter(a -> !a.isPrefixed()).isPresent();
  }

  static boolean contains(String cidr, String address) {
    Optional<IPAddress> a = block(address);
    return a.isPresent() && block(cidr).map(b -> b.contains(a.get())).orElse(false);
  }

  static Optional<String> containing(Collection<String> cidrs, String address) {
    return cidrs.stream().filter(c -> contains(c, address)).findFirst();
  }

  static boolean overlaps(String a, String b) {
    Optional<IPAddress> x = block(a);
    Optional<IPAddress> y = block(b);
    return x.isPresent()
        && y.isPresent()
        && (x.get().contains(y.get()) || y.get().contains(x.get()));
  }

  /** True for addresses outside private, shared, loopback and link-local space. */
  static boolean isPublic(String address) {
    Optional<IPAddress> a = block(address);
    return a.isPresent() && NOT_PUBLIC.stream().noneMatch(b -> b.contains(a.get()));
  }

  /**
   * A host address inside {@code cidr} for a model packet: the second one (the first is the
   * bridge).
   */
  static Optional<String> sampleHost(String cidr) {
    return block(cidr)
        .filter(IPAddress::isPrefixed)
        .filter(b -> b.getPrefixLength() <= 30)
        .map(b -> b.getLower().increment(2).withoutPrefixLength().toString());
  }

  /** The smallest prefix block covering all the given ranges (empty when none parse). */
  static Optional<String> cover(Collection<String> cidrs) {
    IPAddress result = null;
    for (String cidr : cidrs) {
      Optional<IPAddress> b = block(cidr);
      if (b.isEmpty()) {
        continue;
      }
      result = result == null ? b.get() : result.coverWithPrefixBlock(b.get());
    }
    return Optional.ofNullable(result).map(r -> r.toPrefixBlock().toString());
  }

  /** The prefix length of a CIDR, 32 for a plain address, -1 when malformed. */
  static int prefixLength(String cidr) {
    return block(cidr).map(b -> b.isPrefixed() ? b.getPrefixLength() : 32).orElse(-1);
  }
}
