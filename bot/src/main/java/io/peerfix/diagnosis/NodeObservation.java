package io.peerfix.diagnosis;

import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeResult;
import java.util.Objects;

/**
 * What was seen of one node: the node as the cluster lists it, its agent's facts (null when they
 * could not be read), and the pod probe that stands for it (null when none ran). The pod probe may
 * have run on another node with the same NAT configuration: {@code podProbeNode} names where it ran
 * and {@code podProbeStandsFor} how many nodes that one probe stands for.
 */
public record NodeObservation(
    NodeInfo node,
    NodeFacts facts,
    ProbeResult podProbe,
    String podProbeNode,
    int podProbeStandsFor) {
  public NodeObservation {
    Objects.requireNonNull(node, "node");
    podProbeNode = podProbeNode == null ? node.name() : podProbeNode;
    podProbeStandsFor = Math.max(1, podProbeStandsFor);
  }

  /** A node probed from a pod on itself. */
  public static NodeObservation of(NodeInfo node, NodeFacts facts, ProbeResult podProbe) {
    return new NodeObservation(node, facts, podProbe, node.name(), 1);
  }

  /** The probe from the node's own network, from its facts (null when not known). */
  public ProbeResult hostProbe() {
    return facts == null ? null : facts.hostProbe();
  }

  public String name() {
    return node.name();
  }

  /** True when the pod probe ran on another node standing for this one. */
  public boolean probedElsewhere() {
    return !podProbeNode.equals(node.name());
  }
}
