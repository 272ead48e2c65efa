package io.peerfix.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the evidence while the cause is worked out and lowers the confidence as gaps and
 * disagreements are added, so no disagreement can be dropped on the way to the answer.
 */
final class Assessment {
  private final Set<Evidence> evidence = new LinkedHashSet<>();
  private Confidence confidence = Confidence.HIGH;

  /** Adds one piece of evidence; its kind caps the confidence ({@link EvidenceKind#ceiling}). */
  void add(Evidence item) {
    evidence.add(item);
    confidence = confidence.atMost(item.kind().ceiling());
  }

  /** A fact the answer rests on. */
  void fact(Evidence item) {
    add(item.withKind(EvidenceKind.FACT));
  }

  /** Something the model lacks; the answer stands but cannot be fully checked. */
  void gap(Evidence item) {
    add(item.withKind(EvidenceKind.GAP));
  }

  /** The model and the probes (or two nodes) disagree on a point the answer survives. */
  void disagreement(Evidence item) {
    add(item.withKind(EvidenceKind.DISAGREEMENT));
  }

  void fact(String headline) {
    fact(Evidence.fact(headline));
  }

  void gap(String headline) {
    gap(Evidence.gap(headline));
  }

  void disagreement(String headline) {
    disagreement(Evidence.disagreement(headline));
  }

  /** Folds in another assessment (e.g. of one node) with its evidence and confidence. */
  void absorb(Assessment other) {
    evidence.addAll(other.evidence);
    confidence = confidence.atMost(other.confidence);
  }

  Confidence confidence() {
    return confidence;
  }

  List<Evidence> evidence() {
    return new ArrayList<>(evidence);
  }
}
