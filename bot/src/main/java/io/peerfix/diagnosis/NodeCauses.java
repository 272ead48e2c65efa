package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import io.peerfix.nat.NatAction;
import io.peerfix.vpc.HopCheck;
import io.peerfix.vpc.PathEvaluation;
import io.peerfix.vpc.PathVerdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cause for nodes whose pods fail, node by node, then one answer for the cluster: the cause of
 * most failing nodes (nodes that disagree lower the confidence and are named).
 *
 * <p>Per node: when the node's own probe works, the difference is the source address, so the nat
 * model must show the pod's packet leaving with a source the AWS path drops
 * (POD_SOURCE_NOT_MASQUERADED); a model saying the pod leaves as the node does contradicts the
 * probes (UNKNOWN). When the node's probe fails too, the AWS hop that drops the node's own packet
 * is the cause; an AWS model that lets it through contradicts the probes (UNKNOWN).
 */
final class NodeCauses {
  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> failing;
  private final Assessment assessment;

  NodeCauses(DiagnosisContext ctx, List<NodeAnalysis> failing, Assessment assessment) {
    this.ctx = ctx;
    this.failing = failing;
    this.assessment = assessment;
  }

  /** One node's cause with its own evidence and confidence. */
  private record NodeCause(
      RootCause cause, NodeAnalysis node, PathEvaluation path, Assessment assessment) {}

  Decision decide() {
    Map<RootCause, List<NodeCause>> byCause = new LinkedHashMap<>();
    for (NodeAnalysis n : failing) {
      NodeCause c = cause(n);
      byCause.computeIfAbsent(c.cause(), k -> new ArrayList<>()).add(c);
    }
    List<List<NodeCause>> groups = new ArrayList<>(byCause.values());
    groups.sort(Comparator.comparingInt((List<NodeCause> g) -> g.size()).reversed());
    List<NodeCause> chosen = groups.get(0);
    // One node's reasoning stands for all nodes with the same cause: same rules, same AWS hops.
    assessment.absorb(chosen.get(0).assessment());
    List<NodeAnalysis> affected = chosen.stream().map(NodeCause::node).toList();
    if (affected.size() > 1) {
      List<NodeAnalysis> rest = affected.subList(1, affected.size());
      assessment.fact(
          Evidence.fact(
                  "the same holds for "
                      + Counted.of(rest.size(), "more node", "more nodes")
                      + ": "
                      + Texts.names(rest))
              .withNodes(Texts.allNames(rest)));
    }
    for (List<NodeCause> other : groups.subList(1, groups.size())) {
      List<NodeAnalysis> differing = other.stream().map(NodeCause::node).toList();
      assessment.disagreement(
          Evidence.disagreement(
                  "nodes differ: on "
                      + Texts.names(differing)
                      + " the evidence points to "
                      + other.get(0).cause()
                      + " rather than "
                      + chosen.get(0).cause()
                      + " ("
                      + String.join(
                          "; ",
                          other.get(0).assessment().evidence().stream()
                              .map(Evidence::headline)
                              .toList())
                      + ")")
              .withNodes(Texts.allNames(differing)));
    }
    return new Decision(chosen.get(0).cause(), affected, chosen.get(0).path());
  }

  private NodeCause cause(NodeAnalysis n) {
    Assessment a = new Assessment();
    a.fact(ProbeText.pod(n));
    if (n.host().works()) {
      Evidence host = ProbeText.host(n);
      // Its own item: "while ..." or "and ..." would not read as a sentence in a numbered list.
      a.fact(host.withHeadline(host.headline() + ", unlike the pod probe"));
      return podOnly(n, a);
    }
    if (n.host().fails()) {
      Evidence host = ProbeText.host(n);
      a.fact(
          host.withHeadline(
              host.headline() + ", like the pod probe, so the problem lies outside the node"));
      return bothFail(n, a);
    }
    a.gap(
        (n.host() == ProbeView.PROBE_ERROR
                ? ProbeText.host(n).append(", so pod and node cannot be compared")
                : Evidence.gap(
                    "node "
                        + n.name()
                        + "'s own probe did not run, so pod and node cannot be compared"))
            .withNode(n.name()));
    return podWithoutHost(n, a);
  }

  /** The pod fails, the node works: only the source differs. */
  private NodeCause podOnly(NodeAnalysis n, Assessment a) {
    a.fact(NatText.explain(n, ctx.destination()));
    if (n.nat() == null || n.nat().action() == NatAction.INDETERMINATE) {
      a.gap(
          Evidence.gap(
                  n.nat() == null
                      ? "node " + n.name() + "'s nat table was not read"
                      : "the nat model could not decide node " + n.name() + "'s table")
              .withNode(n.name()));
      return sourceCause(n, a, true);
    }
    if (n.leavesAsNode(ctx.clusterCidrs())) {
      a.disagreement(
          NatText.explain(n, ctx.destination())
              .withHeadline(
                  "the nat model says node "
                      + n.name()
                      + " rewrites the pod's source to "
                      + n.nat().sourceAfter()
                      + ", so the pod's packet should travel like the node's own, which"
                      + " connected; yet the pod probe failed: something the model does not see"
                      + " (filter rules, network policy, the CNI's routing) drops it"));
      return new NodeCause(RootCause.UNKNOWN, n, null, a);
    }
    return sourceCause(n, a, false);
  }

  /** The pod's packet leaves with a pod source (or may): check the AWS path for that source. */
  private NodeCause sourceCause(NodeAnalysis n, Assessment a, boolean natUnknown) {
    PathEvaluation pod = n.podPath();
    if (pod == null) {
      awsGap(a);
      return new NodeCause(RootCause.POD_SOURCE_NOT_MASQUERADED, n, null, a);
    }
    String whose = "the pod's packet from " + NatText.leavingSource(n);
    if (pod.decidingHop().isPresent()) {
      a.fact(Causes.hop(pod.decidingHop().get()).withNode(n.name()));
    } else if (pod.reachable()) {
      a.disagreement(
          Causes.predicted(whose, pod)
              .withNode(n.name())
              .append(
                  ", yet the pod probe failed while the node connected: the AWS view may be"
                      + " stale or incomplete"));
    } else {
      a.gap(Causes.predicted(whose, pod).withNode(n.name()));
    }
    n.findHostPath()
        .filter(p -> p.decidingHop().isPresent())
        .ifPresent(
            p ->
                a.disagreement(
                    Causes.predicted("node " + n.name() + "'s own packet", p)
                        .withNode(n.name())
                        .append(", yet the node's probe connected")));
    awsWarnings(a);
    return new NodeCause(RootCause.POD_SOURCE_NOT_MASQUERADED, n, pod, a);
  }

  /** Pod and node both fail: the AWS hop that drops the node's own packet. */
  private NodeCause bothFail(NodeAnalysis n, Assessment a) {
    PathEvaluation host = n.hostPath();
    if (host == null) {
      awsGap(a);
      return new NodeCause(RootCause.UNKNOWN, n, null, a);
    }
    if (host.decidingHop().isEmpty()) {
      if (host.reachable()) {
        a.disagreement(
            Causes.predicted("node " + n.name() + "'s packet from " + n.nodeIp(), host)
                .withNode(n.name())
                .append(
                    ", yet both the node's and the pod's probes failed: something the AWS view"
                        + " does not show drops it"));
      } else {
        a.gap(Causes.predicted("node " + n.name() + "'s packet", host).withNode(n.name()));
      }
      return new NodeCause(RootCause.UNKNOWN, n, null, a);
    }
    HopCheck deciding = host.decidingHop().get();
    RootCause cause = RootCause.of(deciding.verdict());
    a.fact(
        Evidence.fact(
                "the AWS model drops node "
                    + n.name()
                    + "'s packet from "
                    + n.nodeIp()
                    + ": "
                    + deciding.evidence())
            .withNode(n.name())
            .withHop(deciding.finding())
            .withAddress(n.nodeIp()));
    Evidence later = Causes.laterBlocks(host);
    if (later != null) {
      a.fact(later);
    }
    if (cause == RootCause.POD_SOURCE_NOT_MASQUERADED) {
      a.disagreement(
          Evidence.disagreement(
                  "the node's own address " + n.nodeIp() + " is not carried by the peering")
              .withNode(n.name())
              .withAddress(n.nodeIp()));
      return new NodeCause(RootCause.UNKNOWN, n, host, a);
    }
    if (n.leavesWithPodSource(ctx.clusterCidrs())) {
      Evidence nat = NatText.explain(n, ctx.destination());
      a.fact(
          nat.withHeadline(
              "also: "
                  + nat.headline()
                  + "; pods will need masquerading once the AWS path is fixed"));
    }
    awsWarnings(a);
    return new NodeCause(cause, n, host, a);
  }

  /**
   * The pod fails and nothing shows how the node fares: go by the pod's path alone, which needs the
   * node's nat table (without it, nothing observed says what source the pod's packet leaves with).
   */
  private NodeCause podWithoutHost(NodeAnalysis n, Assessment a) {
    if (n.nat() == null) {
      a.gap(
          Evidence.gap(
                  "node "
                      + n.name()
                      + "'s nat table was not read and its own probe did not observe the"
                      + " network: nothing observed says why its pod failed")
              .withNode(n.name()));
      return new NodeCause(RootCause.UNKNOWN, n, null, a);
    }
    a.fact(NatText.explain(n, ctx.destination()));
    PathEvaluation pod = n.podPath();
    if (pod == null || pod.decidingHop().isEmpty()) {
      if (pod == null) {
        awsGap(a);
      } else {
        a.disagreement(
            Causes.predicted("the pod's packet", pod)
                .withNode(n.name())
                .append(", yet the pod probe failed"));
      }
      return new NodeCause(RootCause.UNKNOWN, n, pod, a);
    }
    a.fact(Causes.hop(pod.decidingHop().get()).withNode(n.name()));
    PathVerdict verdict = pod.verdict();
    return new NodeCause(RootCause.of(verdict), n, pod, a);
  }

  private void awsGap(Assessment a) {
    if (!ctx.hasAws()) {
      a.gap("no AWS view: the AWS path was not checked");
    }
    awsWarnings(a);
  }

  private void awsWarnings(Assessment a) {
    if (ctx.hasAws()) {
      ctx.aws().warningTexts().forEach(a::gap);
    }
  }
}
