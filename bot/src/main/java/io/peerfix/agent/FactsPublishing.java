package io.peerfix.agent;

import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import io.peerfix.nat.NatSlice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's facts in the cluster: this node's network facts collected and published as its
 * NodeNetworkFacts at start and then every {@link #INTERVAL}, half the age after which the bot
 * stops trusting them. The nat table is published as the slice the collector read ({@link
 * NodeFactsCollector#collectForPublishing}), bounded in size, with what it is in {@code natSlice}.
 */
final class FactsPublishing {
  static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(FactsPublishing.class);

  private final NodeNetworkFactsPublisher publisher;
  private final Supplier<NodeFactsCollector.Published> collect;
  private final String node;
  private final String nodeUid;
  private final Clock clock;
  private Instant last = Instant.MIN;

  FactsPublishing(
      NodeNetworkFactsPublisher publisher,
      Supplier<NodeFactsCollector.Published> collect,
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
      NodeFactsCollector.Published facts = collect.get();
      publisher.publish(
          new NodeNetworkFactsSpec(
              node,
              now,
              facts.facts(),
              List.of(),
              facts.slice().map(FactsPublishing::summary).orElse(null)),
          nodeUid);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("cannot publish this node's facts: {}", e.getMessage());
      return false;
    }
  }

  /** What the slice is, without its text (which is the facts' nat table). */
  private static NatSlice summary(NatSlice slice) {
    return new NatSlice(
        "",
        slice.wholeSha256(),
        slice.wholeBytes(),
        slice.wholeRules(),
        slice.keptRules(),
        slice.wholeChains(),
        slice.keptChains(),
        slice.droppedDestinations(),
        slice.droppedNodeLocal(),
        slice.overLimit(),
        slice.note());
  }
}
