package io.peerfix.nat;

/**
 * How a {@link Match.Ports} match ({@code --sport/--dport} of tcp/udp/sctp, or {@code -m
 * multiport}) decides and renders: a port match never matches a packet of another protocol, and an
 * unknown port (0) makes it unknown.
 */
final class PortMatch {
  private PortMatch() {}

  /** The protocol whose ports -m tcp/udp/sctp reads; 0 for multiport (its rule's -p). */
  private static int protocol(Match.Ports m) {
    return switch (m.module()) {
      case "tcp" -> 6;
      case "udp" -> 17;
      case "sctp" -> 132;
      default -> 0;
    };
  }

  static Tri test(Match.Ports m, PacketState p) {
    int protocol = protocol(m);
    if (protocol != 0 && p.protocol != protocol) {
      // Negated or not: a port match never matches a packet of another protocol.
      return Tri.no(
          "a "
              + m.module()
              + " port match never matches a "
              + Protocols.name(p.protocol)
              + " packet");
    }
    Match.PortSide side = m.side();
    if (side != Match.PortSide.DESTINATION && p.srcPort == 0) {
      return Tri.unknown("the source port (not given)");
    }
    if (side != Match.PortSide.SOURCE && p.dstPort == 0) {
      return Tri.unknown("the destination port (not given)");
    }
    boolean hit = hit(m, p);
    String what =
        switch (side) {
          case SOURCE -> "source port " + p.srcPort;
          case DESTINATION -> "destination port " + p.dstPort;
          case EITHER -> "ports " + p.srcPort + "/" + p.dstPort;
        };
    String list = listText(m);
    return (hit ? Tri.yes(what + " is in " + list) : Tri.no(what + " is not in " + list))
        .negate(m.negated());
  }

  static Tri.Truth quick(Match.Ports m, PacketState p) {
    int protocol = protocol(m);
    if (protocol != 0 && p.protocol != protocol) {
      return Tri.NO;
    }
    Match.PortSide side = m.side();
    if (side != Match.PortSide.DESTINATION && p.srcPort == 0
        || side != Match.PortSide.SOURCE && p.dstPort == 0) {
      return Tri.UNKNOWN;
    }
    return hit(m, p) != m.negated() ? Tri.YES : Tri.NO;
  }

  private static boolean hit(Match.Ports m, PacketState p) {
    Match.PortSide side = m.side();
    boolean hit = false;
    for (PortRange range : m.ranges()) {
      hit |= side != Match.PortSide.SOURCE && range.contains(p.dstPort);
      hit |= side != Match.PortSide.DESTINATION && range.contains(p.srcPort);
    }
    return hit;
  }

  private static String listText(Match.Ports m) {
    StringBuilder text = new StringBuilder();
    for (PortRange range : m.ranges()) {
      text.append(text.length() == 0 ? "" : ",").append(range);
    }
    return text.toString();
  }

  static String render(Match.Ports m) {
    String not = m.negated() ? "! " : "";
    if (m.module().equals("multiport")) {
      String option =
          switch (m.side()) {
            case SOURCE -> "--sports ";
            case DESTINATION -> "--dports ";
            case EITHER -> "--ports ";
          };
      return "-m multiport " + not + option + listText(m);
    }
    return "-m "
        + m.module()
        + " "
        + not
        + (m.side() == Match.PortSide.SOURCE ? "--sport " : "--dport ")
        + listText(m);
  }
}
