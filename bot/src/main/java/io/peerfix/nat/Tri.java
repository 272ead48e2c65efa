package io.peerfix.nat;

/** Result of testing one match: matched, not matched, or not decidable from what is known. */
record Tri(int value, String reason) {
  static final int NO = 0;
  static final int YES = 1;
  static final int UNKNOWN = 2;

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
