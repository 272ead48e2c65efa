package io.peerfix.facts;

import java.util.List;

/**
 * What one collection round saw in a cluster: every node, the agents' facts (each with its
 * host-network probe), one pod probe per group of nodes sharing a NAT configuration, and the nodes
 * that were neither fingerprinted nor probed (no facts, beyond the cap for such nodes).
 */
public record ClusterObservations(
    ProbeRequest target,
    List<NodeInfo> nodes,
    List<NodeFacts> facts,
    List<GroupProbe> probes,
    List<NodeInfo> notObserved) {
  public ClusterObservations {
    nodes = List.copyOf(nodes);
    facts = List.copyOf(facts);
    probes = List.copyOf(probes);
    notObserved = List.copyOf(notObserved);
  }

  /** How many nodes the pod probes stand for in total. */
  public int nodesCoveredByProbes() {
    return probes.stream().mapToInt(GroupProbe::standsFor).sum();
  }
}
