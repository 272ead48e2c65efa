package io.peerfix.k8s;

import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeResult;
import io.peerfix.nat.NatSlice;
import io.peerfix.nat.NatSlicer;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The spec of a NodeNetworkFacts custom resource: what one node's agent last observed (like
 * node-feature-discovery's NodeFeature, the observations are the spec; the agent is its only
 * writer). {@code facts.hostProbe} is unused; {@code hostProbes} holds one host-network probe per
 * target the agent is configured to watch. {@code natSlice} (null when the table was published
 * whole) says what of the node's nat table {@code facts.natTable} holds: its {@code table} is empty
 * there (the text is {@code facts.natTable}), the rest records the whole table's SHA-256, size and
 * what was left out (see {@link NatSlicer}).
 */
public record NodeNetworkFactsSpec(
    String nodeName,
    Instant observedAt,
    NodeFacts facts,
    List<ProbeResult> hostProbes,
    NatSlice natSlice) {
  public NodeNetworkFactsSpec {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(facts, "facts");
    hostProbes = hostProbes == null ? List.of() : List.copyOf(hostProbes);
  }

  /** Facts whose nat table is whole (not yet sliced): {@link NodeNetworkFactsPublisher} slices. */
  public NodeNetworkFactsSpec(
      String nodeName, Instant observedAt, NodeFacts facts, List<ProbeResult> hostProbes) {
    this(nodeName, observedAt, facts, hostProbes, null);
  }
}
