package io.peerfix.nat.kernel;

import io.peerfix.testbed.Probe;
import java.util.List;

/**
 * One generated rule set (iptables-save text for the nat table), the ipsets it uses ({@code ipset
 * restore} text, may be empty) and the packets to try against it. {@code seed} and {@code index}
 * regenerate it exactly.
 */
record GeneratedCase(long seed, int index, String nat, String ipsets, List<Probe> probes) {
  GeneratedCase {
    probes = List.copyOf(probes);
  }

  String name() {
    return "generated seed=" + seed + " index=" + index;
  }
}
