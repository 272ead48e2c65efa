package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.facts.Cni;
import io.peerfix.facts.NodeFacts;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsResource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The running agent's facts publication runs on its own thread: a publication held in its read (the
 * collector seam) does not hold the agent's loop, which goes on with its fix ticks, and a second
 * publication does not start while one is in flight.
 */
@EnableKubernetesMockClient(crud = true)
class FactsPublishingTest {
  private static final String NS = "peerfix-agent";
  private static final String NODE = "ip-172-20-1-10";

  KubernetesClient client;

  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch held = new CountDownLatch(1);
  private final AtomicInteger reads = new AtomicInteger();
  private final AtomicBoolean readEnded = new AtomicBoolean();
  private final AtomicReference<Thread> readThread = new AtomicReference<>();

  private NodeFactsCollector.Published heldRead() {
    reads.incrementAndGet();
    readThread.set(Thread.currentThread());
    started.countDown();
    try {
      // Bounded so a publication run on the caller's thread ends the test instead of hanging it.
      held.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    readEnded.set(true);
    return new NodeFactsCollector.Published(
        new NodeFacts(
            NODE, "nf_tables", "", "", List.of(), List.of(), null, Cni.UNKNOWN, null, List.of()),
        Optional.empty());
  }

  private FactsPublishing publishing() {
    return new FactsPublishing(
        new NodeNetworkFactsPublisher(client, NS),
        this::heldRead,
        NODE,
        null,
        Clock.fixed(Instant.parse("2026-12-01T20:00:00Z"), ZoneOffset.UTC));
  }

  @Test
  void aHeldPublicationDoesNotStopTheFixTicks() throws Exception {
    try (FactsPublishing facts = publishing()) {
      int fixTicks = 0;
      assertThat(facts.offer()).isTrue();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      // The agent's loop: a fix tick, then the facts' turn, five times over while the read is held.
      for (int i = 0; i < 5; i++) {
        fixTicks++;
        assertThat(facts.offer()).as("a second publication while one is in flight").isFalse();
      }

      assertThat(fixTicks).isEqualTo(5);
      assertThat(readEnded).isFalse();
      assertThat(reads).hasValue(1);
      assertThat(readThread.get().getName()).isEqualTo(FactsPublishing.THREAD);
      assertThat(readThread.get().isDaemon()).isTrue();

      held.countDown();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  client
                          .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
                          .inNamespace(NS)
                          .withName(NODE)
                          .get()
                      != null);
      // Done, the next offer may start one again (the interval then says it is not due).
      await().atMost(Duration.ofSeconds(30)).until(facts::offer);
      assertThat(reads).hasValue(1);
    }
  }

  @Test
  void closingStopsTheThreadAndAHeldPublication() throws Exception {
    FactsPublishing facts = publishing();
    assertThat(facts.offer()).isTrue();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    facts.close();

    await().atMost(Duration.ofSeconds(30)).until(() -> !readThread.get().isAlive());
    assertThat(facts.offer()).isFalse();
    assertThat(reads).hasValue(1);
  }
}
