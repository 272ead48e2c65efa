package io.peerfix.facts;

import java.util.List;

/**
 * Nodes whose NAT configuration has the same fingerprint, so one probe from a pod on the
 * representative stands for all of them. A group with a null fingerprint holds one node whose facts
 * are missing: nothing says it behaves like any other node.
 */
public record NodeGroup(String fingerprint, NodeInfo representative, List<NodeInfo> members) {
  public NodeGroup {
    members = List.copyOf(members);
    if (!members.contains(representative)) {
      throw new IllegalArgumentException("the representative must be one of the members");
    }
  }

  /** How many nodes one probe on the representative stands for. */
  public int standsFor() {
    return members.size();
  }

  /** The members' names, representative first. */
  public List<String> memberNames() {
    return members.stream().map(NodeInfo::name).toList();
  }
}
