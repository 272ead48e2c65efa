package io.peerfix.diagnosis;

import java.util.List;
import java.util.Objects;

/**
 * The answer: one root cause, how far to trust it (see {@link Confidence}), the evidence chain as
 * sentences (probes, the NAT rule that decided, the AWS ids that drop, and every disagreement
 * between the model and the probes), per-node verdicts, and fixes ranked best first.
 */
public record Diagnosis(
    DiagnosisTarget target,
    RootCause rootCause,
    Confidence confidence,
    List<String> evidence,
    List<NodeVerdict> nodes,
    List<Fix> fixes) {
  public Diagnosis {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rootCause, "rootCause");
    Objects.requireNonNull(confidence, "confidence");
    evidence = List.copyOf(evidence);
    nodes = List.copyOf(nodes);
    fixes = List.copyOf(fixes);
  }
}
