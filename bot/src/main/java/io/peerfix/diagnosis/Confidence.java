package io.peerfix.diagnosis;

/**
 * How far the diagnosis can be trusted.
 *
 * <ul>
 *   <li>{@link #HIGH}: the probes and the model (NAT evaluation and AWS path) agree on every point
 *       the answer rests on.
 *   <li>{@link #MEDIUM}: nothing contradicts the answer, but part of the model is missing (no AWS
 *       view or an unread resource, a node's facts or host probe missing, a NAT table the model
 *       could not fully decide).
 *   <li>{@link #LOW}: the model and the probes disagree on a point (named in the evidence) that
 *       does not overturn the answer, or nodes disagree with each other.
 * </ul>
 *
 * A contradiction the answer cannot survive makes the root cause {@link RootCause#UNKNOWN}.
 */
public enum Confidence {
  HIGH("the probes and the model agree"),
  MEDIUM("part of the model is missing, nothing contradicts the answer"),
  LOW("the probes and the model disagree on a point; see the evidence");

  private final String text;

  Confidence(String text) {
    this.text = text;
  }

  public String text() {
    return text;
  }

  /** The lower of the two. */
  public Confidence atMost(Confidence other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
