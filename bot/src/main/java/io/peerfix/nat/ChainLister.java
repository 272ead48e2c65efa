package io.peerfix.nat;

import java.util.Optional;

/**
 * Lists one chain of a node's nat table as {@code iptables -t nat -S CHAIN} prints it (a {@code -P}
 * or {@code -N} line, then its {@code -A} rules), or empty when the table has no such chain. What
 * lists it is the caller's: the kernel chain by chain, or a whole table read once ({@link
 * SavedChains}). An implementation that cannot list throws an unchecked exception, which the walk
 * passes on.
 */
@FunctionalInterface
public interface ChainLister {
  Optional<String> list(String chain);
}
