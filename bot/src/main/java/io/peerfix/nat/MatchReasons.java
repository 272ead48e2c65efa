package io.peerfix.nat;

import java.util.List;

/**
 * How the matches of {@link Match} decide, with the reason said in the trace: addresses, interfaces
 * (with the kernel's {@code +} prefix wildcard), protocols, marks and tcp flags compare the packet;
 * an address type the node context cannot tell is unknown; the first packet of a connection is NEW
 * (and DNAT once a DNAT rule rewrote it). Port matches are {@link PortMatch}.
 */
final class MatchReasons {
  private MatchReasons() {}

  static Tri addrType(Match.AddrType m, PacketState p) {
    boolean source = m.source();
    List<String> types = m.types();
    int ip = source ? p.src : p.dst;
    String what = (source ? "source " : "destination ") + Ipv4.format(ip);
    boolean unknown = false;
    for (String type : types) {
      Boolean is = AddressTypes.is(type, ip, p);
      if (Boolean.TRUE.equals(is)) {
        return Tri.yes(what + " is " + type).negate(m.negated());
      }
      unknown |= is == null;
    }
    if (unknown) {
      return Tri.unknown(
          "whether " + what + " is " + String.join(",", types) + AddressTypes.hint(types));
    }
    return Tri.no(what + " is not " + String.join(",", types)).negate(m.negated());
  }

  static Tri connState(Match.ConnState m, PacketState p) {
    List<String> states = m.states();
    boolean negated = m.negated();
    Tri dnat = p.dstNat;
    boolean unknown = false;
    for (String state : states) {
      if (state.equals("NEW")) {
        return Tri.yes("first packet of a connection is in state NEW").negate(negated);
      }
      if (state.equals("DNAT") && dnat.value() == Tri.YES) {
        return Tri.yes("first packet of a connection is in state DNAT (" + dnat.reason() + ")")
            .negate(negated);
      }
      unknown |= state.equals("DNAT") && dnat.value() == Tri.UNKNOWN;
    }
    if (unknown) {
      return Tri.unknown(dnat.reason());
    }
    return Tri.no(
            "first packet of a connection is NEW"
                + (dnat.value() == Tri.YES ? ",DNAT" : "")
                + ", not "
                + String.join(",", states)
                + (states.contains("DNAT") ? " (" + dnat.reason() + ")" : ""))
        .negate(negated);
  }

  static Tri address(Match.Address m, PacketState p) {
    int ip = m.source() ? p.src : p.dst;
    String what = (m.source() ? "source " : "destination ") + Ipv4.format(ip);
    Tri base =
        m.cidr().contains(ip)
            ? Tri.yes(what + " is in " + m.cidr())
            : Tri.no(what + " is not in " + m.cidr());
    return base.negate(m.negated());
  }

  static Tri iface(Match.Interface m, PacketState p) {
    String name = m.name();
    String actual = m.in() ? p.inIface() : p.outIface();
    String side = m.in() ? "in-interface " : "out-interface ";
    boolean wildcard = name.endsWith("+");
    boolean same =
        wildcard ? actual.startsWith(name.substring(0, name.length() - 1)) : actual.equals(name);
    String shown = actual.isEmpty() ? "(none in " + p.hook + ")" : actual;
    Tri base =
        same ? Tri.yes(side + shown + " is " + name) : Tri.no(side + shown + " is not " + name);
    return base.negate(m.negated());
  }

  static Tri protocol(Match.Protocol m, PacketState p) {
    int number = m.number();
    String actual = Protocols.name(p.protocol);
    Tri base =
        number == 0 || number == p.protocol
            ? Tri.yes("protocol " + actual + " is " + Protocols.name(number))
            : Tri.no("protocol " + actual + " is not " + Protocols.name(number));
    return base.negate(m.negated());
  }

  static Tri mark(Match.Mark m, PacketState p) {
    int mask = m.mask();
    String what = "mark " + Match.hex(p.mark) + (mask == -1 ? "" : " & " + Match.hex(mask));
    Tri base =
        (p.mark & mask) == m.value()
            ? Tri.yes(what + " is " + Match.hex(m.value()))
            : Tri.no(what + " is not " + Match.hex(m.value()));
    return base.negate(m.negated());
  }

  static Tri tcpFlags(Match.TcpFlags m, PacketState p) {
    if (p.protocol != 6) {
      return Tri.no("a tcp flags match never matches a " + Protocols.name(p.protocol) + " packet");
    }
    Tri base =
        (Match.TcpFlags.SYN & m.mask()) == m.comparison()
            ? Tri.yes("the first packet is a SYN and has flags " + m.text())
            : Tri.no("the first packet is a SYN, not flags " + m.text());
    return base.negate(m.negated());
  }
}
