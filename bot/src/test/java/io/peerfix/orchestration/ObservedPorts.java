package io.peerfix.orchestration;

import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.Observations;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeResult;
import io.peerfix.vpc.AwsNetwork;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * In-memory ports that hand out what hand-built observations say was seen, counting the calls, so
 * the runner can be driven without a lab.
 */
final class ObservedPorts {
  final AtomicInteger listCalls = new AtomicInteger();
  final AtomicInteger factsCalls = new AtomicInteger();
  final AtomicInteger podCalls = new AtomicInteger();
  final AtomicInteger awsCalls = new AtomicInteger();
  private final Observations observations;
  private final AwsNetwork aws;
  private final Map<String, NodeObservation> byName;
  private final Function<NodeFacts, NodeFacts> factsChange;

  ObservedPorts(Observations observations, AwsNetwork aws) {
    this(observations, aws, Function.identity());
  }

  /** Ports whose agents report {@code facts} applied to what the observations say. */
  ObservedPorts(
      Observations observations, AwsNetwork aws, Function<NodeFacts, NodeFacts> factsChange) {
    this.observations = observations;
    this.factsChange = factsChange;
    this.aws = aws;
    this.byName =
        new ConcurrentHashMap<>(
            observations.nodes().stream()
                .collect(Collectors.toMap(NodeObservation::name, Function.identity())));
  }

  DiagnosisPorts ports() {
    return ports(this::podProbe);
  }

  DiagnosisPorts ports(Function<NodeInfo, ProbeResult> pods) {
    return new DiagnosisPorts(
        () -> {
          listCalls.incrementAndGet();
          return observations.nodes().stream().map(NodeObservation::node).toList();
        },
        (nodes, target) -> {
          factsCalls.incrementAndGet();
          return nodes.stream()
              .map(n -> byName.get(n.name()).facts())
              .filter(Objects::nonNull)
              .map(factsChange)
              .toList();
        },
        (node, request) -> {
          podCalls.incrementAndGet();
          return pods.apply(node);
        },
        query -> {
          awsCalls.incrementAndGet();
          return aws;
        });
  }

  private ProbeResult podProbe(NodeInfo node) {
    return byName.get(node.name()).podProbe();
  }

  List<NodeFacts> facts() {
    return observations.nodes().stream().map(NodeObservation::facts).toList();
  }
}
