package io.peerfix.diagnosis;

/**
 * What one piece of evidence is to the answer, and what it does to the {@link Confidence}: a {@link
 * #FACT} the answer rests on; a {@link #GAP} (something the model lacks: the answer stands but
 * cannot be fully checked, at most MEDIUM); a {@link #DISAGREEMENT} between the model and the
 * probes, or between nodes (at most LOW); a {@link #NOTE} from collection that changes nothing.
 */
public enum EvidenceKind {
  FACT("fact"),
  GAP("gap"),
  DISAGREEMENT("disagreement"),
  NOTE("note");

  private final String text;

  EvidenceKind(String text) {
    this.text = text;
  }

  /** The lower-case word renderers label the evidence with. */
  public String text() {
    return text;
  }

  /** The highest confidence an answer with evidence of this kind can have. */
  public Confidence ceiling() {
    return switch (this) {
      case FACT, NOTE -> Confidence.HIGH;
      case GAP -> Confidence.MEDIUM;
      case DISAGREEMENT -> Confidence.LOW;
    };
  }
}
