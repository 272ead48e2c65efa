package io.peerfix.agent;

import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import io.peerfix.nat.NatSlice;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's facts in the cluster: this node's network facts collected and published as its
 * NodeNetworkFacts at start and then every {@link #INTERVAL}, half the age after which the bot
 * stops trusting them. The nat table is published as the slice the collector read ({@link
 * NodeFactsCollector#collectForPublishing}), bounded in size, with what it is in {@code natSlice}.
 *
 * <p>The running agent publishes through {@link #offer}, on this publisher's own thread (one daemon
 * thread, {@value #THREAD}, at most one publication in flight): a publication on a table with many
 * chains takes seconds, and the agent's fix ticks must not wait for it. {@link #tick} publishes on
 * the caller's thread ({@code --once}). {@link #close} stops the thread.
 */
final class FactsPublishing implements AutoCloseable {
  static final String THREAD = "peerfix-facts";
  static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(FactsPublishing.class);

  private final NodeNetworkFactsPublisher publisher;
  private final Supplier<NodeFactsCollector.Published> collect;
  private final String node;
  private final String nodeUid;
  private final Clock clock;
  private final AtomicBoolean inFlight = new AtomicBoolean();
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, THREAD);
            t.setDaemon(true);
            return t;
          });
  private volatile Instant last = Instant.MIN;

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

  /**
   * Starts {@link #tick} on the publisher's thread unless a publication is still running there, and
   * returns at once; false when it did not start one (one in flight, or closed).
   */
  boolean offer() {
    if (!inFlight.compareAndSet(false, true)) {
      return false;
    }
    try {
      thread.execute(
          () -> {
            try {
              tick();
            } finally {
              inFlight.set(false);
            }
          });
      return true;
    } catch (RejectedExecutionException e) {
      inFlight.set(false);
      return false;
    }
  }

  /** Stops the publisher's thread, interrupting a publication in flight. */
  @Override
  public void close() {
    thread.shutdownNow();
  }

  /** Publishes when the interval has passed since the last publication; true if it did. */
  synchronized boolean tick() {
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
              facts.slice().map(NatSlice::withoutTable).orElse(null)),
          nodeUid);
      return true;
    } catch (RuntimeException e) {
      LOG.warn("cannot publish this node's facts: {}", e.getMessage());
      return false;
    }
  }
}
