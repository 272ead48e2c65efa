package io.peerfix.orchestration;

import io.peerfix.diagnosis.ClusterObservationsMapping;
import io.peerfix.diagnosis.Observations;
import io.peerfix.facts.ClusterObservations;
import io.peerfix.facts.GroupProbe;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeGroup;
import io.peerfix.facts.NodeGrouping;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeResult;
import io.peerfix.vpc.AwsNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The collection of a cluster of any size, within its round: reads every listed node's facts in one
 * call, groups the nodes by NAT fingerprint, and probes from a pod on one representative per group
 * (the run's executor bounds how many at once). Each probe stands for its whole group. Nodes
 * without facts cannot be grouped; up to {@code maxUngroupedProbes} of them are probed on their own
 * and the rest are reported as not observed. A probe that fails or misses the deadline leaves its
 * group without a pod probe, with a warning; it is never taken for a failed connection.
 *
 * <p>Works through the ports only, so the same collection runs against the lab's adapters.
 */
final class ClusterCollector {
  private final Round round;
  private final int maxUngroupedProbes;
  private List<NodeFacts> facts = List.of();
  private List<NodeGroup> toProbe = List.of();
  private List<NodeInfo> notObserved;
  private final Map<NodeGroup, GroupProbe> probes = new HashMap<>();

  ClusterCollector(Round round, int maxUngroupedProbes) {
    if (maxUngroupedProbes < 0) {
      throw new IllegalArgumentException("maxUngroupedProbes must not be negative");
    }
    this.round = round;
    this.maxUngroupedProbes = maxUngroupedProbes;
  }

  /** The agents' facts and the nodes grouped by them. */
  record Grouped(List<NodeFacts> facts, NodeGrouping.Result grouping) {}

  /**
   * Groups the nodes by the facts' fingerprints; runs on the executor, with the facts read, because
   * fingerprinting a thousand nat tables takes a while.
   */
  static Grouped group(List<NodeInfo> nodes, List<NodeFacts> facts) {
    return new Grouped(List.copyOf(facts), NodeGrouping.group(nodes, facts));
  }

  /** The grouped facts arrived (empty when reading them failed): start the probes. */
  void factsAnswered(Optional<Grouped> read) {
    List<NodeInfo> nodes = round.nodes();
    Grouped grouped = read.orElseGet(() -> group(nodes, List.of()));
    facts = grouped.facts();
    NodeGrouping.Result grouping = grouped.grouping();
    List<NodeGroup> groups = new ArrayList<>(grouping.groups());
    notObserved = new ArrayList<>();
    for (NodeInfo node : grouping.withoutFacts()) {
      if (groups.size() - grouping.groups().size() < maxUngroupedProbes) {
        groups.add(new NodeGroup(null, node, List.of(node)));
      } else {
        notObserved.add(node);
      }
    }
    toProbe = List.copyOf(groups);
    round
        .collection()
        .emit(
            new DiagnosisEvent.NodesListed(
                nodes.size(), toProbe.size(), DiagnosisRunner.ProbePlan.ONE_PER_NAT_FINGERPRINT));
    round.expect(nodes.size(), toProbe.size());
    Map<String, NodeFacts> byName = new HashMap<>();
    facts.forEach(f -> byName.put(f.nodeName(), f));
    for (NodeInfo node : nodes) {
      round.factRead(node, Optional.ofNullable(byName.get(node.name())));
    }
    for (NodeGroup group : toProbe) {
      NodeInfo representative = group.representative();
      round
          .collection()
          .submit(
              "pod probe",
              representative,
              () -> round.ports().pods().probeFromPod(representative, round.probe()),
              result -> probed(group, result));
    }
    round.maybePredict();
  }

  private void probed(NodeGroup group, Optional<ProbeResult> result) {
    result.ifPresent(r -> probes.put(group, new GroupProbe(group, r)));
    round.probeAnswered(group.representative(), group.standsFor(), result);
  }

  /** One node per group, for the model's first answer. */
  List<NodeInfo> representatives() {
    return toProbe.stream().map(NodeGroup::representative).toList();
  }

  /** What was seen: probed groups stand for their members, everything else is kept as missing. */
  Observations observations(DiagnosisRequest request, AwsNetwork aws, List<String> warnings) {
    List<NodeInfo> unobserved = notObserved == null ? round.nodes() : notObserved;
    List<GroupProbe> answered = toProbe.stream().map(probes::get).filter(p -> p != null).toList();
    ClusterObservations seen =
        new ClusterObservations(round.probe(), round.nodes(), facts, answered, unobserved);
    return ClusterObservationsMapping.observations(
        request.target(), seen, aws, request.clusterPodCidr(), warnings);
  }
}
