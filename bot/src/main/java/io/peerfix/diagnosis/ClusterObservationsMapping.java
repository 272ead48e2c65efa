package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import io.peerfix.facts.ClusterObservations;
import io.peerfix.facts.GroupProbe;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.vpc.AwsNetwork;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a collection round that probed one representative per NAT fingerprint into observations:
 * every member of a group gets its group's probe, marked as run on the representative and standing
 * for the group's size; nodes neither fingerprinted nor probed are kept, with nothing seen.
 */
public final class ClusterObservationsMapping {
  private ClusterObservationsMapping() {}

  public static Observations observations(
      DiagnosisTarget target,
      ClusterObservations round,
      AwsNetwork aws,
      String clusterPodCidr,
      List<String> warnings) {
    Map<String, NodeFacts> facts = new HashMap<>();
    round.facts().forEach(f -> facts.put(f.nodeName(), f));
    Map<String, GroupProbe> probes = new HashMap<>();
    for (GroupProbe probe : round.probes()) {
      probe.group().members().forEach(m -> probes.put(m.name(), probe));
    }
    List<NodeObservation> nodes = new ArrayList<>();
    for (NodeInfo node : round.nodes()) {
      GroupProbe probe = probes.get(node.name());
      nodes.add(
          probe == null
              ? new NodeObservation(node, facts.get(node.name()), null, null, 1)
              : new NodeObservation(
                  node,
                  facts.get(node.name()),
                  probe.result(),
                  probe.probedNode().name(),
                  probe.standsFor()));
    }
    List<String> all = new ArrayList<>(warnings);
    if (!round.notObserved().isEmpty()) {
      all.add(
          Counted.of(round.notObserved().size(), "node")
              + " had no facts and "
              + (round.notObserved().size() == 1 ? "was" : "were")
              + " not probed: "
              + String.join(
                  ", ", round.notObserved().stream().limit(5).map(NodeInfo::name).toList())
              + (round.notObserved().size() > 5 ? ", ..." : ""));
    }
    return new Observations(target, nodes, aws, clusterPodCidr, all);
  }
}
