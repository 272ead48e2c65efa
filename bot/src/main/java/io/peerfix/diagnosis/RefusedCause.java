package io.peerfix.diagnosis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The database's address answers with RSTs: nothing listens on the port. */
final class RefusedCause {
  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> nodes;
  private final Assessment assessment;

  RefusedCause(DiagnosisContext ctx, List<NodeAnalysis> nodes, Assessment assessment) {
    this.ctx = ctx;
    this.nodes = nodes;
    this.assessment = assessment;
  }

  /** The database's address sends RSTs: nothing listens on the port. */
  Optional<Decision> find() {
    List<NodeAnalysis> podRefused =
        nodes.stream().filter(n -> n.pod() == ProbeView.REFUSED).toList();
    List<NodeAnalysis> hostRefused =
        nodes.stream().filter(n -> n.host() == ProbeView.REFUSED).toList();
    if (podRefused.isEmpty() && hostRefused.isEmpty()) {
      return Optional.empty();
    }
    List<NodeAnalysis> refusedButHostWorks =
        podRefused.stream().filter(n -> n.host().works()).toList();
    if (!refusedButHostWorks.isEmpty()) {
      assessment.fact(Texts.grouped(refusedButHostWorks, ProbeText::pod, "pods were refused"));
      assessment.disagreement(
          Texts.grouped(refusedButHostWorks, ProbeText::host, "while the nodes connected")
              .append(
                  ": something between the pod and the database rejects the pod's connection"
                      + " (e.g. a REJECT rule), which peerfix does not model"));
      return Optional.of(Decision.of(RootCause.UNKNOWN));
    }
    if (!podRefused.isEmpty()) {
      assessment.fact(Texts.grouped(podRefused, ProbeText::pod, "pods were refused"));
    }
    if (!hostRefused.isEmpty()) {
      assessment.fact(Texts.grouped(hostRefused, ProbeText::host, "nodes were refused"));
    } else {
      assessment.gap("no node's own probe confirms the refusal");
    }
    List<NodeAnalysis> podTimedOut =
        nodes.stream().filter(n -> n.pod().fails() && n.pod() != ProbeView.REFUSED).toList();
    if (!podTimedOut.isEmpty()) {
      assessment.fact(
          Texts.grouped(podTimedOut, ProbeText::pod, "other pods failed differently")
              .append(": once the database listens, diagnose again"));
    }
    for (NodeAnalysis n : hostRefused.isEmpty() ? podRefused : hostRefused) {
      n.findHostPath()
          .filter(p -> p.decidingHop().isPresent())
          .ifPresent(
              p ->
                  assessment.disagreement(
                      Causes.predicted("node " + n.name() + "'s packet", p)
                          .withNode(n.name())
                          .append(
                              ", yet a RST came back from "
                                  + ctx.destinationText()
                                  + ": the AWS view may be stale or incomplete")));
    }
    List<NodeAnalysis> affected = new ArrayList<>(podRefused);
    hostRefused.stream().filter(n -> !affected.contains(n)).forEach(affected::add);
    return Optional.of(new Decision(RootCause.CONNECTION_REFUSED, affected, null));
  }
}
