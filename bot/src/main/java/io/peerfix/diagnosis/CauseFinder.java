package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import io.peerfix.vpc.PathEvaluation;
import java.util.List;
import java.util.Optional;

/**
 * Works out one root cause from the analysed nodes, in the order that tells apart causes which all
 * look like a timeout from the pod: every pod connected ({@link HealthyCause}), then DNS ({@link
 * DnsCauses}), the address plan ({@link OverlapCause}), refusal ({@link RefusedCause}), and finally
 * node by node ({@link NodeCauses}) (pod fails while the node works: the pod's source; both fail:
 * the AWS hop that drops the node's own packet).
 */
final class CauseFinder {
  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> nodes;
  private final Assessment assessment;

  CauseFinder(DiagnosisContext ctx, List<NodeAnalysis> nodes, Assessment assessment) {
    this.ctx = ctx;
    this.nodes = nodes;
    this.assessment = assessment;
  }

  Decision find() {
    List<NodeAnalysis> probed = nodes.stream().filter(n -> n.pod().observed()).toList();
    if (probed.isEmpty()) {
      List<NodeAnalysis> broken =
          nodes.stream().filter(n -> n.pod() == ProbeView.PROBE_ERROR).toList();
      assessment.gap(
          broken.isEmpty()
              ? Evidence.gap("no pod probe ran, so nothing shows whether pods reach " + target(ctx))
              : Texts.grouped(broken, ProbeText::pod, "probes that could not run")
                  .append(
                      ": no pod probe observed the network, so nothing shows whether pods reach "
                          + target(ctx)));
      return Decision.of(RootCause.UNKNOWN);
    }
    if (probed.stream().allMatch(n -> n.pod().works())) {
      return new HealthyCause(ctx, assessment).decide(probed);
    }
    DnsCauses dns = new DnsCauses(ctx, nodes, assessment);
    return dns.failure()
        .or(dns::answer)
        .or(() -> new OverlapCause(ctx, nodes, assessment).find())
        .or(() -> new RefusedCause(ctx, nodes, assessment).find())
        .orElseGet(() -> new NodeCauses(ctx, failing(probed), assessment).decide());
  }

  private List<NodeAnalysis> failing(List<NodeAnalysis> probed) {
    List<NodeAnalysis> failing = probed.stream().filter(n -> n.pod().fails()).toList();
    List<NodeAnalysis> working = probed.stream().filter(n -> n.pod().works()).toList();
    if (!working.isEmpty()) {
      assessment.fact(
          Texts.grouped(
              working, ProbeText::pod, "pods connected on " + Counted.of(working.size(), "node")));
    }
    return failing;
  }

  /** The first node's host path, else the first pod path: the path the AWS hops are read from. */
  static Optional<PathEvaluation> firstHostPath(List<NodeAnalysis> nodes) {
    return nodes.stream()
        .map(NodeAnalysis::hostPath)
        .filter(p -> p != null)
        .findFirst()
        .or(() -> nodes.stream().map(NodeAnalysis::podPath).filter(p -> p != null).findFirst());
  }

  /** The target as evidence names it: {@code name (address)}. */
  static String target(DiagnosisContext ctx) {
    return ctx.target().name() + " (" + ctx.destinationText() + ")";
  }
}
