package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * Applies DNAT and REDIRECT to one path's packet as the kernel's {@code nf_nat_setup_info} does,
 * and records whether the connection is now marked as destination-NATed ({@code IPS_DST_NAT}, what
 * {@code --ctstate DNAT} tests). The kernel sets that mark only when the new tuple differs from the
 * original: a DNAT to the address (and port) the packet already had changes nothing and leaves the
 * connection unmarked. A port already inside a {@code :from-to} range is kept (unless {@code
 * --random}); otherwise the first port of the range is taken.
 */
final class DestinationNat {
  static final int LOOPBACK = 0x7f000001;

  private final PacketState state;
  private final String at;

  /** What is not known about whether the tuple changed; empty when it is known. */
  private final List<String> unknowns = new ArrayList<>();

  private boolean changed;

  private DestinationNat(PacketState state, String at) {
    this.state = state;
    this.at = at;
  }

  /** Applies {@code -j DNAT}; {@code at} names the rule for notes and reasons. */
  static void dnat(PacketState state, Target.Dnat dnat, String at, List<String> notes) {
    DestinationNat nat = new DestinationNat(state, at);
    if (dnat.from() >= 0) {
      nat.address(dnat.from(), dnat.to(), notes);
    }
    nat.port(dnat.ports(), dnat.random());
    notes.add("DNAT at " + at + ": destination becomes " + Ipv4.format(state.dst));
    nat.mark("DNAT");
  }

  /**
   * Applies {@code -j REDIRECT}. In OUTPUT the destination becomes 127.0.0.1; in PREROUTING it
   * becomes the in-interface's first address, which the model does not know: the caller leaves the
   * destination open then.
   */
  static void redirect(
      PacketState state, Target.Redirect redirect, Hook hook, String at, List<String> notes) {
    DestinationNat nat = new DestinationNat(state, at);
    if (hook == Hook.OUTPUT) {
      nat.changed |= state.dst != LOOPBACK;
      state.dst = LOOPBACK;
    } else if (Boolean.FALSE.equals(state.isLocal(state.dst))) {
      nat.changed = true;
    } else {
      nat.unknowns.add(
          "whether "
              + Ipv4.format(state.dst)
              + " already is the address of in-interface "
              + (state.packet.inIface().isEmpty() ? "(not given)" : state.packet.inIface())
              + ", where REDIRECT sends the packet");
    }
    nat.port(redirect.ports(), redirect.random());
    notes.add("REDIRECT at " + at + ": the packet goes to the node itself");
    nat.mark("REDIRECT");
  }

  private void address(long from, long to, List<String> notes) {
    long before = state.dst & 0xffffffffL;
    if (to != from) {
      notes.add("DNAT to a range: the kernel picks one address per connection; shown is the first");
      if (before >= from && before <= to) {
        unknowns.add(
            "which address of "
                + Ipv4.format((int) from)
                + "-"
                + Ipv4.format((int) to)
                + " the kernel picks (the destination is one of them)");
      } else {
        changed = true;
      }
    } else {
      changed |= before != from;
    }
    state.dst = (int) from;
  }

  private void port(PortRange ports, boolean random) {
    if (ports == null) {
      return;
    }
    boolean single = ports.from() == ports.to();
    if (state.dstPort == 0) {
      unknowns.add("the destination port (not given)");
      state.dstPort = single ? ports.from() : 0;
      return;
    }
    if (!ports.contains(state.dstPort)) {
      changed = true;
      // With --random the kernel picks any port of the range.
      state.dstPort = random && !single ? 0 : ports.from();
    } else if (random && !single) {
      unknowns.add("which port of " + ports + " --random picks");
      state.dstPort = 0;
    }
  }

  /** Records the conntrack DNAT status; once a connection is marked it stays marked. */
  private void mark(String target) {
    if (state.dstNat.value() == Tri.YES) {
      return;
    }
    if (changed) {
      state.dstNat = Tri.yes(target + " at " + at + " changed the destination");
    } else if (unknowns.isEmpty()) {
      state.dstNat =
          Tri.no(
              target
                  + " at "
                  + at
                  + " left the destination as it was, so the kernel does not mark the connection"
                  + " as destination-NATed");
    } else {
      state.dstNat =
          Tri.unknown(
              "whether "
                  + target
                  + " at "
                  + at
                  + " changed the destination: "
                  + String.join(" and ", unknowns));
    }
  }
}
