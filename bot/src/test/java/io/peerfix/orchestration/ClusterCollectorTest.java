package io.peerfix.orchestration;

import static io.peerfix.facts.FactsFixtures.NatConfig.IP_MASQ_AGENT;
import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.facts;
import static io.peerfix.facts.FactsFixtures.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.PodProber;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeResult;
import io.peerfix.orchestration.DiagnosisRunner.ProbePlan;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The fingerprint plan of {@link DiagnosisRunner}, which {@link ClusterCollector} carries out. */
class ClusterCollectorTest {
  private static final DiagnosisTarget TARGET =
      new DiagnosisTarget("orders", "10.0.5.20", 5432, ProbeProtocol.TCP);

  /** Nodes 0..9; nodes 0..5 run kubenet, 6..7 ip-masq-agent, 8..9 have no agent facts. */
  private static final List<NodeInfo> NODES =
      IntStream.range(0, 10).mapToObj(i -> node(i)).toList();

  private static final List<NodeFacts> FACTS =
      IntStream.range(0, 8).mapToObj(i -> facts(i, i < 6 ? KUBENET_10_8 : IP_MASQ_AGENT)).toList();

  /** An in-memory prober that records where it was asked to probe. */
  private static final class RecordingProber implements PodProber {
    final List<String> probedNodes = new CopyOnWriteArrayList<>();

    @Override
    public ProbeResult probeFromPod(NodeInfo node, io.peerfix.facts.ProbeRequest request) {
      probedNodes.add(node.name());
      return new ProbeResult(
          "pod on " + node.name(), request, null, null, List.of(), null, true, 1, null);
    }
  }

  private static DiagnosisRun collect(
      List<NodeInfo> nodes, List<NodeFacts> facts, PodProber prober, int parallelism) {
    DiagnosisPorts ports =
        new DiagnosisPorts(
            () -> nodes,
            (listed, target) -> facts,
            prober,
            query -> {
              throw new AssertionError("no AWS query was given");
            });
    return new DiagnosisRunner(
            ports, io.peerfix.diagnosis.Diagnoser.standard(), parallelism, Clock.systemUTC())
        .run(
            new DiagnosisRequest(TARGET, Duration.ofSeconds(2), null, null),
            ProbePlan.ONE_PER_NAT_FINGERPRINT);
  }

  private static DiagnosisRun collect(PodProber prober, int parallelism) {
    return collect(NODES, FACTS, prober, parallelism);
  }

  private static Map<String, NodeObservation> byName(DiagnosisRun run) {
    return run.observations().nodes().stream()
        .collect(Collectors.toMap(NodeObservation::name, Function.identity()));
  }

  @Test
  void probesOneRepresentativePerNatConfiguration() {
    RecordingProber prober = new RecordingProber();

    collect(prober, 1);

    assertThat(prober.probedNodes)
        .containsExactlyInAnyOrder(node(0).name(), node(6).name(), node(8).name());
  }

  @Test
  void saysWhereEachNodesProbeRanAndHowManyNodesItStandsFor() {
    Map<String, NodeObservation> seen = byName(collect(new RecordingProber(), 1));

    assertThat(seen.get(node(3).name()).podProbeNode()).isEqualTo(node(0).name());
    assertThat(seen.get(node(3).name()).podProbeStandsFor()).isEqualTo(6);
    assertThat(seen.get(node(7).name()).podProbeNode()).isEqualTo(node(6).name());
    assertThat(seen.get(node(7).name()).podProbeStandsFor()).isEqualTo(2);
  }

  @Test
  void keepsEachProbesResultWithItsGroup() {
    Map<String, NodeObservation> seen = byName(collect(new RecordingProber(), 1));

    assertThat(seen.get(node(5).name()).podProbe().origin()).isEqualTo("pod on " + node(0).name());
    assertThat(seen.get(node(7).name()).podProbe().origin()).isEqualTo("pod on " + node(6).name());
  }

  @Test
  void probesNodesWithoutFactsOnTheirOwnUpToTheCapAndReportsTheRestUnobserved() {
    RecordingProber prober = new RecordingProber();

    DiagnosisRun run = collect(prober, 1);

    assertThat(prober.probedNodes).contains(node(8).name()).doesNotContain(node(9).name());
    assertThat(byName(run).get(node(9).name()).podProbe()).isNull();
    assertThat(run.observations().warnings())
        .anyMatch(w -> w.startsWith("1 node had no facts and was not probed"));
  }

  @Test
  void aProberThatThrowsLeavesItsGroupWithoutAProbeAndAWarningNotAFailedConnection() {
    PodProber broken =
        (node, request) -> {
          throw new IllegalStateException("no API server");
        };

    DiagnosisRun run = collect(broken, 1);

    assertThat(run.observations().nodes()).allSatisfy(n -> assertThat(n.podProbe()).isNull());
    assertThat(run.observations().warnings())
        .anyMatch(w -> w.startsWith("pod probe failed: no API server on 3 nodes"));
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

    CompletableFuture<DiagnosisRun> round =
        CompletableFuture.supplyAsync(() -> collect(many, distinct, slow, 2));
    await().until(() -> running.get() == 2);
    release.countDown();

    assertThat(round.get(10, TimeUnit.SECONDS).observations().nodes())
        .allSatisfy(n -> assertThat(n.podProbeNode()).isEqualTo(n.name()));
    assertThat(mostAtOnce.get()).isEqualTo(2);
  }

  static NodeFacts withUniqueRule(NodeFacts f, int i) {
    return new NodeFacts(
        f.nodeName(),
        f.iptablesBackend(),
        f.natTable().replace("COMMIT", "-A POSTROUTING -d 10.9.9." + i + "/32 -j RETURN\nCOMMIT"),
        f.ipsets(),
        f.addresses(),
        f.routes(),
        f.podCidr(),
        f.cni(),
        f.hostProbe(),
        f.warnings());
  }
}
