package io.peerfix.nat;

import java.util.Set;

/** The packet as one evaluation path sees it: changes as marks are set and NAT happens. */
final class PacketState {
  final Packet packet;
  final NodeContext node;
  final Set<Integer> localAddresses;
  int src;
  int dst;
  int srcPort;
  int dstPort;
  final int protocol;
  int mark;
  int ctMark;

  /**
   * Whether the connection is marked as destination-NATed (conntrack's IPS_DST_NAT): only a DNAT or
   * REDIRECT that really changed the destination sets it. See {@link DestinationNat}.
   */
  Tri dstNat = Tri.no("no destination NAT so far");

  Hook hook;

  PacketState(Packet packet, NodeContext node, Set<Integer> localAddresses) {
    this.packet = packet;
    this.node = node;
    this.localAddresses = localAddresses;
    this.src = Ipv4.parseUserAddress(packet.src(), "source");
    this.dst = Ipv4.parseUserAddress(packet.dst(), "destination");
    this.srcPort = packet.srcPort();
    this.dstPort = packet.dstPort();
    this.protocol = packet.protocolNumber();
    this.mark = packet.mark();
  }

  /** The in-interface name the kernel matches against in this hook ("" when there is none). */
  String inIface() {
    return hook.hasInInterface() && packet.origin() == Packet.Origin.FORWARDED
        ? packet.inIface()
        : "";
  }

  String outIface() {
    return hook.hasOutInterface() ? packet.outIface() : "";
  }

  /** Whether the address is one of the node's (loopback always is); null when not known. */
  Boolean isLocal(int address) {
    if ((address >>> 24) == 127 || localAddresses.contains(address)) {
      return Boolean.TRUE;
    }
    return node.knowsLocalAddresses() ? Boolean.FALSE : null;
  }
}
