package io.peerfix.fix;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The nodes a node fix applies to that share one NAT fingerprint (the same nat table up to node
 * addresses), so one canary among them stands for all. Node names are kept sorted and unique.
 */
public record FixNodeGroup(String fingerprint, List<String> nodes) {
  public FixNodeGroup {
    NodeFix.requireToken(fingerprint, "fingerprint");
    Objects.requireNonNull(nodes, "nodes");
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a node group names at least one node");
    }
    nodes.forEach(node -> NodeFix.requireToken(node, "node name"));
    TreeSet<String> sorted = new TreeSet<>(nodes);
    if (sorted.size() != nodes.size()) {
      throw new IllegalArgumentException("a node group names each node once: " + nodes);
    }
    nodes = List.copyOf(sorted);
  }
}
