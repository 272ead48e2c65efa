package io.peerfix.arch.planted;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Values and logic only: the pure rules must accept it. */
final class Clean {
  Object compute(Instant at, List<String> names) {
    Map<String, Integer> lengths = new java.util.HashMap<>();
    names.forEach(n -> lengths.put(n, n.length()));
    return at.plus(Duration.ofSeconds(lengths.size())).toString() + String.join(",", names);
  }
}
