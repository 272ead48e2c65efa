package io.peerfix.nat;

import java.util.List;

/**
 * Decides {@code -m addrtype} types for an address from what the model knows: the node's local
 * addresses, loopback, multicast and limited broadcast. Route-dependent types (blackhole,
 * unreachable, prohibit, subnet broadcast) are not known.
 */
final class AddressTypes {
  private AddressTypes() {}

  /** True/false when decidable, null when it depends on what the node's routes say. */
  static Boolean is(String type, int ip, PacketState p) {
    boolean multicast = (ip >>> 28) == 0xe;
    boolean limitedBroadcast = ip == -1;
    switch (type) {
      case "LOCAL":
        return p.isLocal(ip);
      case "MULTICAST":
        return multicast;
      case "BROADCAST":
        if (limitedBroadcast) {
          return Boolean.TRUE;
        }
        return multicast || Boolean.TRUE.equals(p.isLocal(ip)) ? Boolean.FALSE : null;
      case "UNICAST":
        if (multicast || limitedBroadcast || ip == 0) {
          return Boolean.FALSE;
        }
        Boolean local = p.isLocal(ip);
        return local == null ? null : !local;
      case "UNSPEC":
        return ip == 0;
      default:
        return null;
    }
  }

  static String hint(List<String> types) {
    return types.contains("LOCAL") ? " (give the node's addresses: --local-ip/--node-ip)" : "";
  }
}
