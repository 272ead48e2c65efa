package io.peerfix.diagnosis;

import java.util.List;

/** Every probed pod connected: the answer is HEALTHY, with whatever disagrees with it. */
final class HealthyCause {
  private final DiagnosisContext ctx;
  private final Assessment assessment;

  HealthyCause(DiagnosisContext ctx, Assessment assessment) {
    this.ctx = ctx;
    this.assessment = assessment;
  }

  Decision decide(List<NodeAnalysis> probed) {
    assessment.fact(Texts.grouped(probed, ProbeText::pod, "pods connected on every probed node"));
    List<NodeAnalysis> hostWorks = probed.stream().filter(n -> n.host().works()).toList();
    if (!hostWorks.isEmpty()) {
      assessment.fact(Texts.grouped(hostWorks, ProbeText::host, "nodes connected"));
    }
    NodeAnalysis first = probed.get(0);
    if (first.podPath() != null && first.podPath().reachable()) {
      assessment.fact(
          Causes.predicted(
                  "the pod's packet from node "
                      + first.name()
                      + " (source "
                      + NatText.leavingSource(first)
                      + ")",
                  first.podPath())
              .withNode(first.name()));
    }
    List<NodeAnalysis> hostFails = probed.stream().filter(n -> n.host().fails()).toList();
    if (!hostFails.isEmpty()) {
      assessment.disagreement(
          Texts.grouped(hostFails, ProbeText::host, "yet the node's own probe failed")
              .append(": pods and nodes should share the path to " + CauseFinder.target(ctx)));
    }
    for (NodeAnalysis n : probed) {
      n.findPodPath()
          .filter(p -> !p.reachable() && p.decidingHop().isPresent())
          .ifPresent(
              p ->
                  assessment.disagreement(
                      Causes.predicted("the pod's packet from node " + n.name(), p)
                          .withNode(n.name())
                          .append(
                              ", yet its pod probe connected: the AWS view may be stale or"
                                  + " incomplete")));
    }
    awsGaps();
    return Decision.of(RootCause.HEALTHY);
  }

  private void awsGaps() {
    if (!ctx.hasAws()) {
      assessment.gap("no AWS view: the AWS path was not checked");
    } else {
      ctx.aws().warningTexts().forEach(assessment::gap);
    }
  }
}
