package io.peerfix.vpc;

import java.util.Collection;
import java.util.stream.Collectors;

/** Lists of typed values (addresses, CIDRs, ids) as the comma-separated text evidence uses. */
final class Words {
  private Words() {}

  /** {@code a, b, c}: each item's own text, in order. */
  static String list(Collection<?> items) {
    return items.stream().map(String::valueOf).collect(Collectors.joining(", "));
  }
}
