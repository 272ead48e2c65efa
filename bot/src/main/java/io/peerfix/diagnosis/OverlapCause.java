package io.peerfix.diagnosis;

import io.peerfix.net.Cidr;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopFinding;
import io.peerfix.vpc.PathVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Address ranges that overlap so that no route can join the pods and the database. */
final class OverlapCause {
  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> nodes;
  private final Assessment assessment;

  OverlapCause(DiagnosisContext ctx, List<NodeAnalysis> nodes, Assessment assessment) {
    this.ctx = ctx;
    this.nodes = nodes;
    this.assessment = assessment;
  }

  /** A pod range overlaps the peer VPC, the VPCs overlap, or the database is in a pod range. */
  /** The address plan's hop, blocked by an overlap the diagnosis found in its own ranges. */
  private static HopFinding overlap() {
    return HopFinding.blocking(Hop.CIDR_PLAN, PathVerdict.CIDR_OVERLAP);
  }

  Optional<Decision> find() {
    List<Evidence> problems = new ArrayList<>();
    for (Cidr pods : ctx.podRanges()) {
      for (Cidr peer : ctx.peerCidrs()) {
        if (pods.overlaps(peer)) {
          problems.add(
              Evidence.fact(
                      "the pod range " + pods + " overlaps " + ctx.peerVpcId() + " (" + peer + ")")
                  .withHop(overlap().citing(ctx.peerVpcId())));
        }
      }
      if (ctx.destination() != null && pods.contains(ctx.destination())) {
        problems.add(
            Evidence.fact(
                    "the database's address "
                        + ctx.destination()
                        + " lies inside the pod range "
                        + pods
                        + ", so that node delivers it to its own pods")
                .withHop(overlap().withAddresses(List.of(ctx.destination())))
                .withAddress(ctx.destination()));
      }
    }
    if (ctx.peerVpcId() != null && !ctx.peerVpcId().equals(ctx.aws().clusterVpc().id())) {
      for (Cidr cluster : ctx.clusterCidrs()) {
        for (Cidr peer : ctx.peerCidrs()) {
          if (cluster.overlaps(peer)) {
            problems.add(
                Evidence.fact(
                        ctx.aws().clusterVpc().id()
                            + " ("
                            + cluster
                            + ") overlaps "
                            + ctx.peerVpcId()
                            + " ("
                            + peer
                            + ")")
                    .withHop(overlap().citing(ctx.aws().clusterVpc().id(), ctx.peerVpcId())));
          }
        }
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    problems.forEach(assessment::fact);
    List<NodeAnalysis> failed = nodes.stream().filter(n -> n.pod().fails()).toList();
    assessment.fact(Texts.grouped(failed, ProbeText::pod, "pod probes failed"));
    return Optional.of(
        new Decision(
            RootCause.CIDR_OVERLAP, failed, CauseFinder.firstHostPath(nodes).orElse(null)));
  }
}
