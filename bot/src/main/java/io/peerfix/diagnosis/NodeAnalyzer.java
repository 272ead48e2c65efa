package io.peerfix.diagnosis;

import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.RouteEntry;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.PathEvaluation;
import io.peerfix.vpc.PathEvaluator;
import io.peerfix.vpc.PathQuery;
import io.peerfix.vpc.Subnet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Works one node through the models: the pod's first packet (from the pod probe's source, else an
 * address in the node's pod range; to the model destination; in on the bridge that holds the pod
 * range, out on the interface the node routes the destination to) through the node's nat table,
 * then the AWS path for the source it leaves with and for the node's own address.
 */
final class NodeAnalyzer {
  private static final String DEFAULT_BRIDGE = "cbr0";
  private static final String DEFAULT_OUT = "eth0";

  private final NatModel natModel;
  private final PathEvaluator pathEvaluator;

  NodeAnalyzer(NatModel natModel, PathEvaluator pathEvaluator) {
    this.natModel = natModel;
    this.pathEvaluator = pathEvaluator;
  }

  NodeAnalysis analyze(DiagnosisContext ctx, NodeObservation obs) {
    NodeFacts facts = obs.facts();
    String nodeIp = nodeIp(obs);
    String podCidr =
        facts != null && facts.podCidr() != null ? facts.podCidr() : obs.node().podCidr();
    String observedSource = observedPodSource(obs, podCidr);
    String podSource =
        observedSource != null ? observedSource : Cidrs.sampleHost(podCidr).orElse(null);
    String out = outIface(facts, ctx.destination());
    NatVerdict nat = null;
    if (facts != null && podSource != null && ctx.destination() != null) {
      Packet packet =
          Packet.builder()
              .src(podSource)
              .dst(ctx.destination())
              .dstPort(ctx.port())
              .inIface(bridge(facts, podSource))
              .outIface(out)
              .build();
      NodeContext node =
          new NodeContext(
              facts.addresses().stream().filter(Cidrs::isAddress).toList(), nodeIp, null);
      nat = natModel.predict(facts, packet, node);
    }
    String podPathSource =
        nat != null && nat.action() != NatAction.INDETERMINATE ? nat.sourceAfter() : podSource;
    return new NodeAnalysis(
        obs,
        ProbeView.of(obs.podProbe()),
        ProbeView.of(obs.hostProbe()),
        nodeIp,
        podCidr,
        podSource,
        observedSource != null,
        out,
        nat,
        path(ctx, podPathSource, nodeIp, podCidr),
        path(ctx, nodeIp, nodeIp, podCidr));
  }

  private PathEvaluation path(DiagnosisContext ctx, String source, String nodeIp, String podCidr) {
    AwsNetwork aws = ctx.aws();
    if (aws == null || source == null || ctx.destination() == null || !Cidrs.isAddress(source)) {
      return null;
    }
    String subnet =
        aws.subnets().stream()
            .filter(s -> Cidrs.contains(s.cidr().toString(), nodeIp))
            .map(Subnet::id)
            .findFirst()
            .orElse(null);
    Optional<Ipv4> from = Ipv4.tryParse(source);
    Optional<Ipv4> to = Ipv4.tryParse(ctx.destination());
    if (from.isEmpty() || to.isEmpty()) {
      return null;
    }
    PathQuery query =
        new PathQuery(
            from.get(),
            subnet,
            List.of(),
            podCidr == null ? null : Cidr.tryParse(podCidr).orElse(null),
            to.get(),
            ctx.port());
    return pathEvaluator.evaluate(aws, query);
  }

  /** The node's VPC address: the cluster's first internal address, else what its probe used. */
  static String nodeIp(NodeObservation obs) {
    String primary = obs.node().primaryAddress();
    if (Cidrs.isAddress(primary)) {
      return primary;
    }
    ProbeResult host = obs.hostProbe();
    if (host != null && Cidrs.isAddress(host.sourceAddress())) {
      return host.sourceAddress();
    }
    return obs.facts() == null
        ? null
        : obs.facts().addresses().stream()
            .filter(Cidrs::isAddress)
            .filter(a -> !a.startsWith("127."))
            .findFirst()
            .orElse(null);
  }

  /**
   * The pod probe's own source when it ran on this node inside its range (null otherwise: the model
   * then sends a packet from a sample address of the pod range, and says so).
   */
  private static String observedPodSource(NodeObservation obs, String podCidr) {
    ProbeResult pod = obs.podProbe();
    if (pod != null
        && !obs.probedElsewhere()
        && Cidrs.isAddress(pod.sourceAddress())
        && (podCidr == null || Cidrs.contains(podCidr, pod.sourceAddress()))) {
      return pod.sourceAddress();
    }
    return null;
  }

  /** The interface the node routes {@code destination} out of (longest prefix), else eth0. */
  static String outIface(NodeFacts facts, String destination) {
    if (facts == null || destination == null) {
      return DEFAULT_OUT;
    }
    return bestRoute(facts.routes(), destination).map(RouteEntry::device).orElse(DEFAULT_OUT);
  }

  /** The bridge holding the pod's address (the route to the pod range), else cbr0. */
  private static String bridge(NodeFacts facts, String podSource) {
    return facts.routes().stream()
        .filter(r -> !"default".equals(r.destination()))
        .filter(r -> Cidrs.contains(r.destination(), podSource))
        .map(RouteEntry::device)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(DEFAULT_BRIDGE);
  }

  private static Optional<RouteEntry> bestRoute(List<RouteEntry> routes, String destination) {
    RouteEntry best = null;
    int bestLength = -1;
    for (RouteEntry route : routes) {
      if (route.device() == null) {
        continue;
      }
      String cidr = "default".equals(route.destination()) ? "0.0.0.0/0" : route.destination();
      int length = Cidrs.prefixLength(cidr);
      if (length > bestLength && Cidrs.contains(cidr, destination)) {
        best = route;
        bestLength = length;
      }
    }
    return Optional.ofNullable(best);
  }
}
