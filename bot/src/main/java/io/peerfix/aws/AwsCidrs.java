package io.peerfix.aws;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * EC2's IPv4 CIDR strings as {@link Cidr} values, read once here. EC2 writes networks in the
 * dotted-quad form {@link Cidr#parse} expects; a block written with host bits set (EC2 keeps a
 * security-group range such as {@code 10.0.0.5/16} as given) is read as the network AWS applies,
 * {@code 10.0.0.0/16}. Anything else (IPv6, absent) is left out: the model is IPv4.
 */
final class AwsCidrs {
  private AwsCidrs() {}

  /** The network in {@code text}, or empty for null, IPv6 or text that is no IPv4 CIDR. */
  static Optional<Cidr> of(String text) {
    if (text == null) {
      return Optional.empty();
    }
    Optional<Cidr> strict = Cidr.tryParse(text);
    if (strict.isPresent()) {
      return strict;
    }
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<Ipv4> address = Ipv4.tryParse(text.substring(0, slash));
    Optional<Cidr> prefix = Cidr.tryParse("0.0.0.0" + text.substring(slash));
    return address.flatMap(a -> prefix.map(p -> Cidr.containing(a, p.prefix())));
  }

  /** Every IPv4 network among {@code texts}, in order, without repeats. */
  static List<Cidr> all(Collection<String> texts) {
    return texts.stream()
        .filter(Objects::nonNull)
        .map(AwsCidrs::of)
        .flatMap(Optional::stream)
        .distinct()
        .toList();
  }
}
