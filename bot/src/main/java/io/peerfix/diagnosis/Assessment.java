package io.peerfix.diagnosis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the evidence chain while the cause is worked out and lowers the confidence as gaps and
 * disagreements are found, so no disagreement can be dropped on the way to the answer.
 */
final class Assessment {
  private final Set<String> evidence = new LinkedHashSet<>();
  private Confidence confidence = Confidence.HIGH;

  /** A fact the answer rests on. */
  void fact(String line) {
    evidence.add(line);
  }

  /** Something the model lacks; the answer stands but cannot be fully checked. */
  void gap(String line) {
    evidence.add("gap: " + line);
    confidence = confidence.atMost(Confidence.MEDIUM);
  }

  /** The model and the probes (or two nodes) disagree on a point the answer survives. */
  void disagreement(String line) {
    evidence.add("disagreement: " + line);
    confidence = confidence.atMost(Confidence.LOW);
  }

  /** Folds in another assessment (e.g. of one node) with its evidence and confidence. */
  void absorb(Assessment other) {
    evidence.addAll(other.evidence);
    confidence = confidence.atMost(other.confidence);
  }

  Confidence confidence() {
    return confidence;
  }

  List<String> evidence() {
    return new ArrayList<>(evidence);
  }
}
