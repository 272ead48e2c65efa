package io.peerfix.nat;

/** Human sentences for a verdict. */
final class VerdictText {
  private VerdictText() {}

  static String explain(NatVerdict verdict) {
    return verdict.action().toString();
  }
}
