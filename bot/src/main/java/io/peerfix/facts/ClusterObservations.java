package io.peerfix.facts;

import java.util.List;
import java.util.Optional;

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

  /** The pod probe that stands for {@code nodeName}, if one does. */
  public Optional<GroupProbe> probeCovering(String nodeName) {
    return probes.stream()
        .filter(p -> p.group().members().stream().anyMatch(n -> n.name().equals(nodeName)))
        .findFirst();
  }

  /** How many nodes the pod probes stand for in total. */
  public int nodesCoveredByProbes() {
    return probes.stream().mapToInt(GroupProbe::standsFor).sum();
  }
}
