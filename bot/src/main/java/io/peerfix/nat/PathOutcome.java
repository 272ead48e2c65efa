package io.peerfix.nat;

import java.util.List;

/**
 * What one path of {@link PathRun} answers once its last hook ended: the source after NAT (the
 * out-interface's address for MASQUERADE, the first address of an SNAT range), the destination
 * after DNAT, and the notes that qualify them.
 */
final class PathOutcome {
  private PathOutcome() {}

  /**
   * The result of a path whose last hook ended with {@code action} at {@code rule} (null: the
   * policy); {@code redirected}: a REDIRECT delivered the packet to the node itself.
   */
  static PathResult result(
      NatAction action,
      Rule decided,
      PacketState state,
      boolean redirected,
      List<TraceStep> trace,
      List<String> notes) {
    String source = Ipv4.format(state.src);
    String destination = redirected ? null : Ipv4.format(state.dst);
    RuleRef rule = decided == null ? null : decided.ref();
    switch (action) {
      case MASQUERADE -> {
        source = state.node.outIfaceAddress();
        if (source == null) {
          notes.add(
              "MASQUERADE: the source becomes the address of "
                  + outName(state)
                  + ", which needs the node's address (--node-ip)");
        }
      }
      case SNAT -> source = snatSource(state, (Target.Snat) decided.target(), notes);
      default -> {}
    }
    return new PathResult(action, source, destination, state.dstPort, rule, trace, notes, null);
  }

  private static String outName(PacketState state) {
    String out = state.packet.outIface();
    return out.isEmpty() ? "the out-interface" : out;
  }

  private static String snatSource(PacketState state, Target.Snat snat, List<String> notes) {
    if (snat.from() < 0) {
      notes.add("SNAT without an address only changes the source port");
      return Ipv4.format(state.src);
    }
    if (snat.to() != snat.from()) {
      notes.add(
          "SNAT to the range "
              + Ipv4.format((int) snat.from())
              + "-"
              + Ipv4.format((int) snat.to())
              + ": the kernel picks one address of it per connection; shown is the first");
    }
    return Ipv4.format((int) snat.from());
  }
}
