package io.peerfix.vpc;

import java.util.Optional;

/**
 * A lookup that may be undecidable from the view: the value with a phrase saying how it was chosen
 * (e.g. "of subnet subnet-a"), none (with why), or unknown (with why).
 */
record Pick<T>(T value, String how, boolean unknown) {
  static <T> Pick<T> of(T value, String how) {
    return new Pick<>(value, how, false);
  }

  static <T> Pick<T> none(String why) {
    return new Pick<>(null, why, false);
  }

  static <T> Pick<T> unknownBecause(String why) {
    return new Pick<>(null, why, true);
  }

  Optional<T> found() {
    return Optional.ofNullable(value);
  }
}
