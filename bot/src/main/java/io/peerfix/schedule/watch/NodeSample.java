package io.peerfix.schedule.watch;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One node's pod probe in one scheduled run: whether it reached the target, and how long the probe
 * took when it did.
 */
public record NodeSample(String node, Instant at, boolean reachable, OptionalLong millis) {
  public NodeSample {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(at, "at");
    millis = millis == null ? OptionalLong.empty() : millis;
  }
}
