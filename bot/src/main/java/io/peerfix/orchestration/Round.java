package io.peerfix.orchestration;

import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.Observations;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.orchestration.DiagnosisRunner.ProbePlan;
import io.peerfix.vpc.AwsNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One diagnosis' collection, driven by results as they arrive: the AWS view and the node list are
 * asked for at once; the listed nodes choose the plan; under {@link ProbePlan#EVERY_NODE} every
 * node's facts and pod probe are asked for side by side, under {@link
 * ProbePlan#ONE_PER_NAT_FINGERPRINT} the {@link ClusterCollector} takes over. Once every node's
 * facts and the AWS view are in, and pod probes are still out, the model's first answer is told.
 */
final class Round {
  private final DiagnosisPorts ports;
  private final Diagnoser diagnoser;
  private final DiagnosisRequest request;
  private final ProbeRequest probe;
  private final Collection collection;
  private final ProbePlan plan;
  private final int maxUngroupedProbes;

  private List<NodeInfo> nodes = List.of();
  private final Map<String, NodeFacts> facts = new HashMap<>();
  private final Map<String, ProbeResult> pods = new HashMap<>();
  private ClusterCollector cluster;
  private int factsRead;
  private int factsExpected = -1;
  private int probesAnswered;
  private int probesExpected = -1;
  private boolean awsPending;
  private AwsNetwork aws;
  private boolean predicted;

  Round(
      DiagnosisPorts ports,
      Diagnoser diagnoser,
      DiagnosisRequest request,
      Collection collection,
      ProbePlan plan,
      int maxUngroupedProbes) {
    this.ports = ports;
    this.diagnoser = diagnoser;
    this.request = request;
    this.probe = request.probe();
    this.collection = collection;
    this.plan = plan;
    this.maxUngroupedProbes = maxUngroupedProbes;
  }

  /** Collects until everything answered or the deadline passed, and says what was seen. */
  Observations collect() {
    if (request.awsQuery() != null) {
      awsPending = true;
      collection.submit(
          "AWS view", null, () -> ports.aws().read(request.awsQuery()), this::awsAnswered);
    }
    collection.submit("node list", null, () -> ports.nodes().nodes(), this::listed);
    collection.drain();
    return observations();
  }

  private void awsAnswered(Optional<AwsNetwork> network) {
    awsPending = false;
    aws = network.orElse(null);
    network.ifPresent(n -> collection.emit(new DiagnosisEvent.AwsViewRead(n)));
    maybePredict();
  }

  private void listed(Optional<List<NodeInfo>> listed) {
    nodes = List.copyOf(listed.orElse(List.of()));
    ProbePlan chosen =
        plan != ProbePlan.AUTO
            ? plan
            : nodes.size() <= DiagnosisRunner.EVERY_NODE_UP_TO
                ? ProbePlan.EVERY_NODE
                : ProbePlan.ONE_PER_NAT_FINGERPRINT;
    if (chosen == ProbePlan.ONE_PER_NAT_FINGERPRINT && !nodes.isEmpty()) {
      cluster = new ClusterCollector(this, maxUngroupedProbes);
      List<NodeInfo> listedNodes = nodes;
      collection.submit(
          "facts",
          null,
          () -> ClusterCollector.group(listedNodes, ports.facts().read(listedNodes, probe)),
          cluster::factsAnswered);
      return;
    }
    collection.emit(new DiagnosisEvent.NodesListed(nodes.size(), nodes.size(), chosen));
    factsExpected = nodes.size();
    probesExpected = nodes.size();
    for (NodeInfo node : nodes) {
      collection.submit(
          "facts", node, () -> ports.facts().read(List.of(node), probe), f -> factsOf(node, f));
      collection.submit(
          "pod probe", node, () -> ports.pods().probeFromPod(node, probe), r -> probed(node, r));
    }
  }

  private void factsOf(NodeInfo node, Optional<List<NodeFacts>> read) {
    Optional<NodeFacts> mine =
        read.flatMap(l -> l.stream().filter(f -> f.nodeName().equals(node.name())).findFirst());
    if (read.isPresent() && mine.isEmpty()) {
      collection.warn("the agent reported no facts", node);
    }
    factRead(node, mine);
    maybePredict();
  }

  private void probed(NodeInfo node, Optional<ProbeResult> result) {
    result.ifPresent(r -> pods.put(node.name(), r));
    probeAnswered(node, 1, result);
  }

  // What the ClusterCollector shares with the round.

  Collection collection() {
    return collection;
  }

  List<NodeInfo> nodes() {
    return nodes;
  }

  DiagnosisPorts ports() {
    return ports;
  }

  ProbeRequest probe() {
    return probe;
  }

  void expect(int facts, int probes) {
    factsExpected = facts;
    probesExpected = probes;
  }

  void factRead(NodeInfo node, Optional<NodeFacts> read) {
    read.ifPresent(f -> facts.put(node.name(), f));
    collection.emit(new DiagnosisEvent.FactsRead(node, read, ++factsRead, factsExpected));
  }

  void probeAnswered(NodeInfo ranOn, int standsFor, Optional<ProbeResult> result) {
    collection.emit(
        new DiagnosisEvent.ProbeAnswered(
            ranOn, standsFor, result, ++probesAnswered, probesExpected));
  }

  /**
   * Tells the model's first answer once, when every node's facts and the AWS view are in and some
   * pod probe is still out. Under the fingerprint plan one node per group stands for its group.
   */
  void maybePredict() {
    if (predicted
        || awsPending
        || aws == null
        || factsExpected < 0
        || factsRead < factsExpected
        || probesAnswered >= probesExpected) {
      return;
    }
    predicted = true;
    List<NodeInfo> modelled = cluster == null ? nodes : cluster.representatives();
    List<NodeObservation> model =
        modelled.stream()
            .filter(n -> facts.containsKey(n.name()))
            .map(n -> NodeObservation.of(n, facts.get(n.name()), null))
            .toList();
    if (model.isEmpty()) {
      return;
    }
    Observations seen =
        new Observations(request.target(), model, aws, request.clusterPodCidr(), List.of());
    // Off this thread, so results keep being handled while the model works.
    collection.submitOptional(
        "the model's first answer",
        () -> diagnoser.diagnose(seen).nodes(),
        verdicts -> verdicts.ifPresent(this::predicted));
  }

  private void predicted(List<NodeVerdict> verdicts) {
    if (probesAnswered >= probesExpected) {
      return; // the probes were quicker: the answer is no longer a prediction
    }
    FirstAnswer.of(verdicts)
        .ifPresent(cause -> collection.emit(new DiagnosisEvent.Predicted(cause, verdicts)));
  }

  private Observations observations() {
    if (cluster != null) {
      return cluster.observations(request, aws, collection.warningLines());
    }
    List<NodeObservation> observed =
        nodes.stream()
            .map(n -> NodeObservation.of(n, facts.get(n.name()), pods.get(n.name())))
            .toList();
    return new Observations(
        request.target(), observed, aws, request.clusterPodCidr(), collection.warningLines());
  }
}
