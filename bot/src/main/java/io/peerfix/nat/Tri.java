package io.peerfix.nat;

/**
 * Result of testing one match: matched, not matched, or not decidable from what is known, with the
 * reason.
 */
record Tri(Truth value, String reason) {
  /** The three outcomes; constants, so the hot path compares them without allocating. */
  enum Truth {
    NO,
    YES,
    UNKNOWN
  }

  static final Truth NO = Truth.NO;
  static final Truth YES = Truth.YES;
  static final Truth UNKNOWN = Truth.UNKNOWN;

  static Tri yes(String reason) {
    return new Tri(YES, reason);
  }

  static Tri no(String reason) {
    return new Tri(NO, reason);
  }

  /** Not decidable; {@code dependsOn} names what the answer depends on. */
  static Tri unknown(String dependsOn) {
    return new Tri(UNKNOWN, dependsOn);
  }

  /** Applies {@code !}: flips yes and no, keeps unknown. */
  Tri negate(boolean negated) {
    if (!negated || value == UNKNOWN) {
      return this;
    }
    return new Tri(value == YES ? NO : YES, reason + ", negated");
  }
}
