package io.peerfix.nat;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The nat table read from a dump: chains by name (built-in ones always present), the form it was
 * read from and warnings about what the dump could not say (e.g. a listing without interfaces).
 */
public final class NatTable {
  private final Map<String, Chain> chains;
  private final DumpFormat format;
  private final List<String> warnings;

  NatTable(Map<String, Chain> chains, DumpFormat format, List<String> warnings) {
    this.chains = chains;
    this.format = format;
    this.warnings = List.copyOf(warnings);
  }

  public DumpFormat format() {
    return format;
  }

  /** The chain with this name, or null. */
  public Chain chain(String name) {
    return chains.get(name);
  }

  /** All chains, in the order the dump declared them. */
  public Collection<Chain> chains() {
    return chains.values();
  }

  /** The same table with other warnings. */
  NatTable withWarnings(List<String> replaced) {
    return new NatTable(chains, format, replaced);
  }

  public List<String> warnings() {
    return warnings;
  }

  /** Total number of rules in all chains. */
  public int ruleCount() {
    int count = 0;
    for (Chain chain : chains.values()) {
      count += chain.rules().size();
    }
    return count;
  }
}
