package io.peerfix.facts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Groups nodes by {@link NatFingerprint}: one group per distinct NAT configuration, members sorted
 * by name, the first member the representative. Groups are ordered largest first (then by
 * fingerprint) so reports lead with the configuration most nodes share. Nodes without facts are
 * returned apart: they cannot be fingerprinted.
 */
public final class NodeGrouping {
  private NodeGrouping() {}

  /** The groups of {@code nodes} by the fingerprints of {@code facts} (matched by node name). */
  public static Result group(List<NodeInfo> nodes, List<NodeFacts> facts) {
    Map<String, NodeFacts> factsByNode = new LinkedHashMap<>();
    facts.forEach(f -> factsByNode.put(f.nodeName(), f));
    Map<String, List<NodeInfo>> byFingerprint = new TreeMap<>();
    List<NodeInfo> withoutFacts = new ArrayList<>();
    for (NodeInfo node : sortedByName(nodes)) {
      NodeFacts nodeFacts = factsByNode.get(node.name());
      if (nodeFacts == null) {
        withoutFacts.add(node);
      } else {
        byFingerprint
            .computeIfAbsent(NatFingerprint.of(nodeFacts), k -> new ArrayList<>())
            .add(node);
      }
    }
    List<NodeGroup> groups = new ArrayList<>();
    byFingerprint.forEach(
        (print, members) -> groups.add(new NodeGroup(print, members.get(0), members)));
    groups.sort(Comparator.comparingInt(NodeGroup::standsFor).reversed());
    return new Result(groups, withoutFacts);
  }

  private static List<NodeInfo> sortedByName(List<NodeInfo> nodes) {
    return nodes.stream().sorted(Comparator.comparing(NodeInfo::name)).toList();
  }

  /** Groups of fingerprinted nodes, and the nodes that had no facts. */
  public record Result(List<NodeGroup> groups, List<NodeInfo> withoutFacts) {
    public Result {
      groups = List.copyOf(groups);
      withoutFacts = List.copyOf(withoutFacts);
    }
  }
}
