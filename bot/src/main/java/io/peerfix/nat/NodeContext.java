package io.peerfix.nat;

import java.util.ArrayList;
import java.util.List;

/**
 * What the evaluation needs to know about the node: its local addresses (for {@code addrtype LOCAL}
 * and REDIRECT), the address of the out-interface (what MASQUERADE writes; may be null when not
 * known) and the contents of its ipsets.
 */
public record NodeContext(List<String> localAddresses, String outIfaceAddress, IpSets ipSets) {

  public NodeContext {
    List<String> locals = new ArrayList<>();
    for (String address : localAddresses == null ? List.<String>of() : localAddresses) {
      Ipv4.parseUserAddress(address, "local");
      locals.add(address);
    }
    if (outIfaceAddress != null) {
      Ipv4.parseUserAddress(outIfaceAddress, "node");
      if (!locals.contains(outIfaceAddress)) {
        locals.add(outIfaceAddress);
      }
    }
    localAddresses = List.copyOf(locals);
    ipSets = ipSets == null ? IpSets.empty() : ipSets;
  }

  /** A node whose out-interface has {@code nodeIp} (also counted as local), with no ipsets. */
  public static NodeContext of(String nodeIp) {
    return new NodeContext(List.of(), nodeIp, IpSets.empty());
  }

  /** Nothing known about the node: MASQUERADE cannot say its address, LOCAL checks fork. */
  public static NodeContext unknown() {
    return new NodeContext(List.of(), null, IpSets.empty());
  }

  /** Copy with these ipsets. */
  public NodeContext withIpSets(IpSets sets) {
    return new NodeContext(localAddresses, outIfaceAddress, sets);
  }

  /** Copy with these additional local addresses. */
  public NodeContext withLocalAddresses(List<String> more) {
    List<String> all = new ArrayList<>(localAddresses);
    all.addAll(more);
    return new NodeContext(all, outIfaceAddress, ipSets);
  }

  /** Whether the caller told any local address (otherwise addrtype LOCAL is unknown). */
  boolean knowsLocalAddresses() {
    return !localAddresses.isEmpty();
  }
}
