package io.peerfix.orchestration;

import static io.peerfix.facts.FactsFixtures.NatConfig.IP_MASQ_AGENT;
import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.facts;
import static io.peerfix.facts.FactsFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.facts.ClusterObservations;
import io.peerfix.facts.GroupProbe;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClusterCollectorTest {
  private static final ProbeRequest TARGET =
      new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 2000);

  /** Nodes 0..9; nodes 0..5 run kubenet, 6..7 ip-masq-agent, 8..9 have no agent facts. */
  private static final List<NodeInfo> NODES =
      IntStream.range(0, 10).mapToObj(i -> node(i)).toList();

  private static final List<NodeFacts> FACTS =
      IntStream.range(0, 8).mapToObj(i -> facts(i, i < 6 ? KUBENET_10_8 : IP_MASQ_AGENT)).toList();

  /** An in-memory prober that records where it was asked to probe. */
  private static final class RecordingProber implements PodProber {
    final List<String> probedNodes = new CopyOnWriteArrayList<>();

    @Override
    public ProbeResult probeFromPod(NodeInfo node, ProbeRequest request) {
      probedNodes.add(node.name());
      return new ProbeResult(
          "pod on " + node.name(), request, null, null, List.of(), null, true, 1, null);
    }
  }

  private static ClusterObservations collect(PodProber prober, int maxUngrouped) {
    return new ClusterCollector(() -> NODES, (nodes, target) -> FACTS, prober, 4, maxUngrouped)
        .collect(TARGET);
  }

  @Test
  void probesOneRepresentativePerNatConfiguration() {
    RecordingProber prober = new RecordingProber();

    collect(prober, 0);

    assertThat(prober.probedNodes).containsExactlyInAnyOrder(node(0).name(), node(6).name());
  }

  @Test
  void saysHowManyAndWhichNodesEachProbeStandsFor() {
    ClusterObservations seen = collect(new RecordingProber(), 0);

    assertThat(seen.probes()).extracting(GroupProbe::standsFor).containsExactly(6, 2);
    assertThat(seen.probes().get(1).group().memberNames())
        .containsExactly(node(6).name(), node(7).name());
  }

  @Test
  void findsTheProbeThatStandsForAnyGroupedNode() {
    ClusterObservations seen = collect(new RecordingProber(), 0);

    assertThat(seen.probeCovering(node(7).name()))
        .hasValueSatisfying(p -> assertThat(p.probedNode()).isEqualTo(node(6)));
    assertThat(seen.probeCovering(node(9).name())).isEmpty();
  }

  @Test
  void keepsEachProbesResultWithItsGroup() {
    ClusterObservations seen = collect(new RecordingProber(), 0);

    assertThat(seen.probes())
        .allSatisfy(
            p -> assertThat(p.result().origin()).isEqualTo("pod on " + p.probedNode().name()));
  }

  @Test
  void probesNodesWithoutFactsOnTheirOwnUpToTheCapAndReportsTheRestUnobserved() {
    RecordingProber prober = new RecordingProber();

    ClusterObservations seen = collect(prober, 1);

    assertThat(prober.probedNodes).contains(node(8).name()).doesNotContain(node(9).name());
    assertThat(seen.notObserved()).containsExactly(node(9));
    assertThat(seen.nodesCoveredByProbes()).isEqualTo(9);
  }

  @Test
  void aProberThatThrowsGivesAnUnreachableResultInsteadOfFailingTheRound() {
    PodProber broken =
        (node, request) -> {
          throw new IllegalStateException("no API server");
        };

    ClusterObservations seen = collect(broken, 0);

    assertThat(seen.probes())
        .allSatisfy(
            p -> {
              assertThat(p.result().reachable()).isFalse();
              assertThat(p.result().error()).contains("no API server");
            });
  }

  @Test
  void runsNoMoreProbesAtOnceThanItsParallelism() throws Exception {
    List<NodeInfo> many = IntStream.range(0, 6).mapToObj(i -> node(i)).toList();
    List<NodeFacts> distinct =
        IntStream.range(0, 6).mapToObj(i -> withUniqueRule(facts(i, KUBENET_10_8), i)).toList();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    PodProber slow =
        (node, request) -> {
          mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          running.decrementAndGet();
          return new ProbeResult("pod", request, null, null, List.of(), null, true, 1, null);
        };
    ClusterCollector collector = new ClusterCollector(() -> many, (n, t) -> distinct, slow, 2, 0);

    CompletableFuture<ClusterObservations> round =
        CompletableFuture.supplyAsync(() -> collector.collect(TARGET));
    await().until(() -> running.get() == 2);
    release.countDown();

    assertThat(round.get(10, TimeUnit.SECONDS).probes()).hasSize(6);
    assertThat(mostAtOnce.get()).isEqualTo(2);
  }

  private static NodeFacts withUniqueRule(NodeFacts f, int i) {
    return new NodeFacts(
        f.nodeName(),
        f.iptablesBackend(),
        f.natTable() + "-A POSTROUTING -d 10.9.9." + i + "/32 -j RETURN\n",
        f.ipsets(),
        f.addresses(),
        f.routes(),
        f.podCidr(),
        f.cni(),
        f.hostProbe(),
        f.warnings());
  }
}
