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
import io.peerfix.net.Ipv4Interface;
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
    Ipv4 nodeIp = nodeIp(obs);
    Cidr podCidr =
        facts != null && facts.podCidr() != null ? facts.podCidr() : obs.node().podCidr();
    Ipv4 observedSource = observedPodSource(obs, podCidr);
    Ipv4 podSource = observedSource != null ? observedSource : sampleHost(podCidr).orElse(null);
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
              facts.addresses().stream().map(a -> a.address().toString()).toList(),
              nodeIp == null ? null : nodeIp.toString(),
              null);
      nat = natModel.predict(facts, packet, node);
    }
    Ipv4 podPathSource =
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

  private PathEvaluation path(DiagnosisContext ctx, Ipv4 source, Ipv4 nodeIp, Cidr podCidr) {
    AwsNetwork aws = ctx.aws();
    if (aws == null || source == null || ctx.destination() == null) {
      return null;
    }
    String subnet =
        nodeIp == null
            ? null
            : aws.subnets().stream()
                .filter(s -> s.cidr().contains(nodeIp))
                .map(Subnet::id)
                .findFirst()
                .orElse(null);
    PathQuery query =
        new PathQuery(source, subnet, List.of(), podCidr, ctx.destination(), ctx.port());
    return pathEvaluator.evaluate(aws, query);
  }

  /** The node's VPC address: the cluster's first internal address, else what its probe used. */
  static Ipv4 nodeIp(NodeObservation obs) {
    Ipv4 primary = obs.node().primaryAddress();
    if (primary != null) {
      return primary;
    }
    ProbeResult host = obs.hostProbe();
    if (host != null && host.sourceAddress() != null) {
      return host.sourceAddress();
    }
    return obs.facts() == null
        ? null
        : obs.facts().addresses().stream()
            .map(Ipv4Interface::address)
            .filter(a -> a.octet(0) != 127)
            .findFirst()
            .orElse(null);
  }

  /**
   * A host address inside {@code cidr} for a model packet: the second one (the first is the
   * bridge); none for ranges too small to hold pods.
   */
  static Optional<Ipv4> sampleHost(Cidr cidr) {
    return Optional.ofNullable(cidr).filter(c -> c.prefix() <= 30).map(c -> c.first().plus(2));
  }

  /**
   * The pod probe's own source when it ran on this node inside its range (null otherwise: the model
   * then sends a packet from a sample address of the pod range, and says so).
   */
  private static Ipv4 observedPodSource(NodeObservation obs, Cidr podCidr) {
    ProbeResult pod = obs.podProbe();
    if (pod != null
        && !obs.probedElsewhere()
        && pod.sourceAddress() != null
        && (podCidr == null || podCidr.contains(pod.sourceAddress()))) {
      return pod.sourceAddress();
    }
    return null;
  }

  /** The interface the node routes {@code destination} out of (longest prefix), else eth0. */
  static String outIface(NodeFacts facts, Ipv4 destination) {
    if (facts == null || destination == null) {
      return DEFAULT_OUT;
    }
    return bestRoute(facts.routes(), destination).map(RouteEntry::device).orElse(DEFAULT_OUT);
  }

  /** The bridge holding the pod's address (the route to the pod range), else cbr0. */
  private static String bridge(NodeFacts facts, Ipv4 podSource) {
    return facts.routes().stream()
        .filter(r -> !r.defaultRoute())
        .filter(r -> r.destination().contains(podSource))
        .map(RouteEntry::device)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(DEFAULT_BRIDGE);
  }

  private static Optional<RouteEntry> bestRoute(List<RouteEntry> routes, Ipv4 destination) {
    RouteEntry best = null;
    int bestLength = -1;
    for (RouteEntry route : routes) {
      if (route.device() == null) {
        continue;
      }
      int length = route.destination().prefix();
      if (length > bestLength && route.destination().contains(destination)) {
        best = route;
        bestLength = length;
      }
    }
    return Optional.ofNullable(best);
  }
}
