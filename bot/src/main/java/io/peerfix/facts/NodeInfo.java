package io.peerfix.facts;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Map;

/**
 * A cluster node as the cluster API sees it: name, IPv4 internal addresses, pod range (null when
 * unknown), labels.
 */
public record NodeInfo(
    String name, List<Ipv4> internalAddresses, Cidr podCidr, Map<String, String> labels) {
  public NodeInfo {
    internalAddresses = List.copyOf(internalAddresses);
    labels = Map.copyOf(labels);
  }

  /** The node's first internal address, or null if it has none. */
  public Ipv4 primaryAddress() {
    return internalAddresses.isEmpty() ? null : internalAddresses.get(0);
  }
}
