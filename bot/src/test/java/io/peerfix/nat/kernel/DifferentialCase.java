package io.peerfix.nat.kernel;

import io.peerfix.testbed.Probe;
import java.util.List;

/**
 * A nat rule set (iptables-restore text), its ipsets ({@code ipset restore} text, may be empty) and
 * the packets to try: a real-world fixture or a generated set. With a {@code base}, {@code nat} is
 * a payload for {@code iptables-restore --noflush} loaded onto it. {@code form} names the restore
 * form (see {@link RestoreForms}).
 */
record DifferentialCase(
    String name,
    boolean generated,
    String nat,
    String ipsets,
    List<Probe> probes,
    String base,
    String form) {
  DifferentialCase {
    probes = List.copyOf(probes);
  }

  DifferentialCase(String name, boolean generated, String nat, String ipsets, List<Probe> probes) {
    this(name, generated, nat, ipsets, probes, null, RestoreForms.Form.AS_SAVED.name());
  }

  static DifferentialCase of(GeneratedCase c) {
    return new DifferentialCase(c.name(), true, c.nat(), c.ipsets(), c.probes());
  }

  /** The case in restore form {@code form}, rewritten with {@code random}. */
  static DifferentialCase of(GeneratedCase c, RestoreForms.Form form, java.util.Random random) {
    RestoreForms.Restore restore = RestoreForms.rewrite(c.nat(), form, random);
    return new DifferentialCase(
        c.name() + " form=" + form,
        true,
        restore.payload(),
        c.ipsets(),
        c.probes(),
        restore.base(),
        form.name());
  }
}
