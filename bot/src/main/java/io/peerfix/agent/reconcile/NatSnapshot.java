package io.peerfix.agent.reconcile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one {@code iptables-save -t nat}, or the listings of peerfix's chains and {@code
 * POSTROUTING}, say about peerfix's part of the table: which chains exist, the marked rules in
 * peerfix's chain and the marked jumps in {@code POSTROUTING} (as printed, so they can be deleted
 * by the same text), and how many unmarked rules sit in peerfix's chain. Every other line is
 * somebody else's and is only counted, never kept.
 */
public final class NatSnapshot {
  private final Set<String> chains = new HashSet<>();
  private final List<OwnedRule> rules = new ArrayList<>();
  private final List<OwnedRule> jumps = new ArrayList<>();
  private int foreignInChain;

  /** A rule peerfix wrote: its marker and its line as {@code iptables-save} printed it. */
  public record OwnedRule(Marker marker, String line) {
    /** The restore line that deletes exactly this rule, by its printed specification. */
    String deleteLine() {
      return "-D" + line.substring(2);
    }
  }

  private NatSnapshot() {}

  /**
   * Reads {@code iptables -S} listings of single nat chains ({@code -N}/{@code -P} lines and
   * rules); a chain absent from {@code listings} is absent from the snapshot.
   */
  public static NatSnapshot ofListings(List<ChainListing> listings) {
    NatSnapshot snapshot = new NatSnapshot();
    for (ChainListing listing : listings) {
      for (String raw : listing.lines().orElse("").split("\n", -1)) {
        String line = raw.strip();
        if (line.startsWith("-N ") || line.startsWith("-P ")) {
          int end = line.indexOf(' ', 3);
          snapshot.chains.add(end < 0 ? line.substring(3) : line.substring(3, end));
        } else if (line.startsWith("-A ")) {
          snapshot.rule(line);
        }
      }
    }
    return snapshot;
  }

  /** Reads the nat section of {@code saveText}; other tables' sections are skipped. */
  public static NatSnapshot parse(String saveText) {
    NatSnapshot snapshot = new NatSnapshot();
    boolean inNat = false;
    for (String raw : saveText.split("\n", -1)) {
      String line = raw.strip();
      if (line.startsWith("*")) {
        inNat = line.equals("*nat");
      } else if (inNat && line.startsWith(":")) {
        int end = line.indexOf(' ');
        snapshot.chains.add(end < 0 ? line.substring(1) : line.substring(1, end));
      } else if (inNat && line.startsWith("-A ")) {
        snapshot.rule(line);
      }
    }
    return snapshot;
  }

  private void rule(String line) {
    String chain = chainOf(line);
    Optional<Marker> marker = Marker.find(line);
    if (chain.equals(PeerfixChains.CHAIN)) {
      if (marker.isPresent() && !marker.get().owner().equals(Marker.JUMP)) {
        rules.add(new OwnedRule(marker.get(), line));
      } else {
        foreignInChain++;
      }
    } else if (chain.equals(PeerfixChains.HOOK)
        && marker.isPresent()
        && marker.get().owner().equals(Marker.JUMP)) {
      jumps.add(new OwnedRule(marker.get(), line));
    }
  }

  private static String chainOf(String line) {
    int end = line.indexOf(' ', 3);
    return end < 0 ? line.substring(3) : line.substring(3, end);
  }

  public boolean hasChain(String name) {
    return chains.contains(name);
  }

  /** peerfix's marked rules in its chain, in table order. */
  public List<OwnedRule> rules() {
    return List.copyOf(rules);
  }

  /** peerfix's marked jumps in POSTROUTING, in table order. */
  public List<OwnedRule> jumps() {
    return List.copyOf(jumps);
  }

  /** Rules in peerfix's chain without a peerfix marker: someone else's, left alone. */
  public int foreignRulesInChain() {
    return foreignInChain;
  }
}
