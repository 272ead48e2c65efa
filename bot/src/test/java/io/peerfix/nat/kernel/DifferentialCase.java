package io.peerfix.nat.kernel;

import io.peerfix.testbed.Probe;
import java.util.List;

/**
 * A nat rule set (iptables-save text), its ipsets ({@code ipset restore} text, may be empty) and
 * the packets to try: a real-world fixture or a generated set.
 */
record DifferentialCase(
    String name, boolean generated, String nat, String ipsets, List<Probe> probes) {
  DifferentialCase {
    probes = List.copyOf(probes);
  }

  static DifferentialCase of(GeneratedCase c) {
    return new DifferentialCase(c.name(), true, c.nat(), c.ipsets(), c.probes());
  }
}
