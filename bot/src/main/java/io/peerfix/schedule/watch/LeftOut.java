package io.peerfix.schedule.watch;

import java.util.Objects;

/** A node a scheduled run did not probe, and why. */
public record LeftOut(String node, NodeCondition why) {
  public LeftOut {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(why, "why");
    if (why.probed()) {
      throw new IllegalArgumentException("a ready node is probed, not left out");
    }
  }
}
