package io.peerfix.agent;

import io.peerfix.facts.NodeFacts;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's facts in the cluster: this node's network facts collected and published as its
 * NodeNetworkFacts (through {@link NodeNetworkFactsPublisher}, which bounds what it writes) at
 * start and then every {@link #INTERVAL}, half the age after which the bot stops trusting them.
 */
final class FactsPublishing {
  static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(FactsPublishing.class);

  private final NodeNetworkFactsPublisher publisher;
  private final Supplier<NodeFacts> collect;
  private final String node;
  private final String nodeUid;
  private final Clock clock;
  private Instant last = Instant.MIN;

  FactsPublishing(
      NodeNetworkFactsPublisher publisher,
      Supplier<NodeFacts> collect,
      String node,
      String nodeUid,
      Clock clock) {
    this.publisher = publisher;
    this.collect = collect;
    this.node = node;
    this.nodeUid = nodeUid;
    this.clock = clock;
  }

  /** Publishes when the interval has passed since the last publication; true if it did. */
  boolean tick() {
    Instant now = clock.instant();
    if (last != Instant.MIN && now.isBefore(last.plus(INTERVAL))) {
      return false;
    }
    last = now;
    try {
      publisher.publish(new NodeNetworkFactsSpec(node, now, collect.get(), List.of()), nodeUid);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("cannot publish this node's facts: {}", e.getMessage());
      return false;
    }
  }
}
