package io.peerfix.k8s;

import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeResult;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The spec of a NodeNetworkFacts custom resource: what one node's agent last observed (like
 * node-feature-discovery's NodeFeature, the observations are the spec; the agent is its only
 * writer). {@code facts.hostProbe} is unused; {@code hostProbes} holds one host-network probe per
 * target the agent is configured to watch.
 */
public record NodeNetworkFactsSpec(
    String nodeName, Instant observedAt, NodeFacts facts, List<ProbeResult> hostProbes) {
  public NodeNetworkFactsSpec {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(facts, "facts");
    hostProbes = hostProbes == null ? List.of() : List.copyOf(hostProbes);
  }
}
