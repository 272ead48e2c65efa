package io.peerfix.diagnosis;

import io.peerfix.fix.NodeFix;
import io.peerfix.vpc.AwsFix;
import io.peerfix.vpc.HopFinding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer: its id, one root cause, how far to trust it (see {@link Confidence}), the evidence
 * (facts, gaps, disagreements and notes as {@link Evidence} values citing nodes, probes, rules,
 * hops and addresses), per-node verdicts, and fixes ranked best first. {@link #nodeFix} is the fix
 * peerfix's agent can apply, {@link #lastingFix} the network plugin's configuration that makes it
 * unnecessary, {@link #awsChanges} the AWS changes, each as a typed value.
 */
public record Diagnosis(
    String id,
    DiagnosisTarget target,
    RootCause rootCause,
    Confidence confidence,
    List<Evidence> evidence,
    List<NodeVerdict> nodes,
    List<Fix> fixes) {
  public Diagnosis {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(rootCause, "rootCause");
    Objects.requireNonNull(confidence, "confidence");
    evidence = List.copyOf(evidence);
    nodes = List.copyOf(nodes);
    fixes = List.copyOf(fixes);
  }

  /** The best node fix: exact rules for exactly the affected nodes, with its digest. */
  public Optional<NodeFix> nodeFix() {
    return fixes.stream()
        .filter(NodeNatFix.class::isInstance)
        .map(f -> ((NodeNatFix) f).nodeFix())
        .findFirst();
  }

  /** The network plugin's lasting fix, when the plugin is known. */
  public Optional<CniFix> lastingFix() {
    return fixes.stream().filter(CniFix.class::isInstance).map(CniFix.class::cast).findFirst();
  }

  /** The AWS changes, best first. */
  public List<AwsFix> awsChanges() {
    return fixes.stream()
        .filter(AwsChange.class::isInstance)
        .map(f -> ((AwsChange) f).change())
        .toList();
  }

  /**
   * Where the AWS network drops the path: the first blocking hop a fact reports, when the answer is
   * a cause (neither HEALTHY nor UNKNOWN, whose evidence may cite a hop it does not rest on).
   */
  public Optional<HopFinding> blockingHop() {
    if (rootCause == RootCause.HEALTHY || rootCause == RootCause.UNKNOWN) {
      return Optional.empty();
    }
    return evidence(EvidenceKind.FACT).stream()
        .flatMap(e -> e.hop().stream())
        .filter(HopFinding::blocks)
        .findFirst();
  }

  /** The evidence of one kind, in order. */
  public List<Evidence> evidence(EvidenceKind kind) {
    return evidence.stream().filter(e -> e.kind() == kind).toList();
  }
}
