package io.peerfix.facts;

import java.util.List;
import java.util.Map;

/** A cluster node as the cluster API sees it: name, addresses, pod range, labels. */
public record NodeInfo(
    String name, List<String> internalAddresses, String podCidr, Map<String, String> labels) {
  public NodeInfo {
    internalAddresses = List.copyOf(internalAddresses);
    labels = Map.copyOf(labels);
  }

  /** The node's first internal address, or null if it has none. */
  public String primaryAddress() {
    return internalAddresses.isEmpty() ? null : internalAddresses.get(0);
  }
}
