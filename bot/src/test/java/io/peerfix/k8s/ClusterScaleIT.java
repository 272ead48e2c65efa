package io.peerfix.k8s;

import static io.peerfix.facts.FactsFixtures.NatConfig.IP_MASQ_AGENT;
import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_WITH_FIX;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.facts.FactsFixtures;
import io.peerfix.facts.FactsFixtures.NatConfig;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import io.peerfix.orchestration.DiagnosisEvent;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 1,000 nodes and their agents' facts in the CRUD mock server (with pagination), three distinct NAT
 * configurations among them, and a fake kubelet: one collection round must make a bounded number of
 * API calls and probe one representative per configuration.
 */
class ClusterScaleIT {
  private static final int NODES = 1000;
  private static final String NS = "peerfix";
  private static final long NODE_PAGE = 500;
  private static final long FACTS_PAGE = 100;
  private static final ProbeRequest TARGET =
      new ProbeRequest(
          "orders.cluster-1.us-east-1.rds.amazonaws.com", 5432, ProbeProtocol.POSTGRES, 2000);

  private static KubernetesMockServer server;
  private static KubernetesClient cluster;
  private static FakeKubelet kubelet;
  private static RequestLog log;
  private static final List<DiagnosisEvent.ProbeAnswered> probes = new ArrayList<>();

  /** 60% of the nodes have the old kubelet rule, 30% the hand-typed fix too, 10% ip-masq-agent. */
  static NatConfig configOf(int i) {
    int tenth = i % 10;
    return tenth < 6 ? KUBENET_10_8 : tenth < 9 ? KUBENET_WITH_FIX : IP_MASQ_AGENT;
  }

  static int indexOf(String nodeName) {
    return IntStream.range(0, NODES)
        .filter(i -> FactsFixtures.nodeName(i).equals(nodeName))
        .findFirst()
        .orElseThrow();
  }

  /** The kubelet answers as the node's NAT configuration would: only masquerading nodes connect. */
  static Function<Pod, PodStatus> answerAsTheNodesConfigurationWould() {
    return pod -> {
      boolean reachable = configOf(indexOf(pod.getSpec().getNodeName())) != KUBENET_10_8;
      ProbeResult result =
          new ProbeResult(
              "pod",
              TARGET,
              Ipv4.parse("10.244.0.5"),
              null,
              List.of(),
              null,
              reachable,
              5,
              reachable ? null : "timed out");
      return FakeKubelet.terminatesWith(ProbePodsTest.json(result), reachable ? 0 : 1).apply(pod);
    };
  }

  @BeforeAll
  static void aThousandNodeCluster() {
    QuietMockServer.quiet();
    server = PagingCrudDispatcher.startServer();
    cluster = server.createClient();
    long seedStart = System.nanoTime();
    seed();
    long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
    kubelet = new FakeKubelet(cluster, NS, answerAsTheNodesConfigurationWould());
    log = new RequestLog();
    KubernetesClient bot =
        server.createClient(
            b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("log", log)));
    Clock clock = Clock.systemUTC();
    DiagnosisPorts ports =
        new DiagnosisPorts(
            new KubernetesNodeDirectory(bot, null, NODE_PAGE),
            new AgentFactsReader(bot, NS, FACTS_PAGE, clock, Duration.ofMinutes(10)),
            new ProbePods(bot, ProbePodConfig.defaults(NS, "peerfix:test"), clock),
            query -> {
              throw new AssertionError("no AWS query was given");
            });
    long start = System.nanoTime();
    new DiagnosisRunner(ports, Diagnoser.standard(), 8, clock)
        .run(
            new DiagnosisRequest(
                new DiagnosisTarget("orders", TARGET.host(), TARGET.port(), TARGET.protocol()),
                Duration.ofMillis(TARGET.timeoutMillis()),
                null,
                null),
            DiagnosisRunner.ProbePlan.AUTO,
            e -> {
              if (e instanceof DiagnosisEvent.ProbeAnswered answered) {
                probes.add(answered);
              }
            });
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.printf(
        "%d nodes: %d API calls in %d ms (seeding the mock took %d ms)%n  %s%n",
        NODES, log.count(), millis, seedMillis, String.join("\n  ", log.requests()));
  }

  /** Creates the nodes and their agents' facts, several at a time as a cluster's agents would. */
  private static void seed() {
    NodeNetworkFactsPublisher agents = new NodeNetworkFactsPublisher(cluster, NS);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int n = 0; n < NODES; n++) {
        int i = n;
        done.add(
            pool.submit(
                () -> {
                  cluster
                      .nodes()
                      .resource(
                          KubernetesNodeDirectoryTest.node(
                              FactsFixtures.nodeName(i),
                              FactsFixtures.nodeIp(i),
                              FactsFixtures.podCidr(i),
                              Map.of()))
                      .create();
                  agents.publish(
                      new NodeNetworkFactsSpec(
                          FactsFixtures.nodeName(i),
                          Instant.now(),
                          FactsFixtures.facts(i, configOf(i)),
                          List.of()),
                      null);
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("seeding the mock cluster failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  @AfterAll
  static void stop() {
    kubelet.close();
    cluster.close();
    server.destroy();
  }

  private static long calls(String prefix) {
    return log.requests().stream().filter(r -> r.startsWith(prefix)).count();
  }

  @Test
  void probesExactlyOneRepresentativePerDistinctNatConfiguration() {
    assertThat(probes).hasSize(3);
    assertThat(calls("POST /api/v1/namespaces/peerfix/pods")).isEqualTo(3);
  }

  @Test
  void saysHowManyNodesEachProbeStandsFor() {
    assertThat(probes)
        .extracting(DiagnosisEvent.ProbeAnswered::standsFor)
        .containsExactlyInAnyOrder(600, 300, 100);
    assertThat(probes).allSatisfy(p -> assertThat(p.of()).isEqualTo(3));
  }

  @Test
  void eachProbesResultIsTheOneItsRepresentativeGave() {
    assertThat(probes)
        .allSatisfy(
            p ->
                assertThat(p.result().orElseThrow().reachable())
                    .isEqualTo(configOf(indexOf(p.node().name())) != KUBENET_10_8));
  }

  @Test
  void readsNodesAndFactsInOneCallPerPage() {
    assertThat(calls("GET /api/v1/nodes?")).isEqualTo(NODES / NODE_PAGE);
    assertThat(calls("GET /apis/peerfix.io/v1alpha1/namespaces/peerfix/nodenetworkfacts?"))
        .isEqualTo(NODES / FACTS_PAGE);
  }

  @Test
  void makesABoundedNumberOfCallsPagesPlusAFewPerProbe() {
    long pages = NODES / NODE_PAGE + NODES / FACTS_PAGE;
    assertThat((long) log.count()).isLessThanOrEqualTo(pages + 5L * probes.size());
  }

  @Test
  void leavesNoProbePodBehind() {
    List<String> deleted =
        log.requests().stream()
            .filter(r -> r.startsWith("DELETE /api/v1/namespaces/peerfix/pods/"))
            .distinct()
            .toList();
    assertThat(deleted).hasSize(3);
    assertThat(cluster.pods().inNamespace(NS).list().getItems()).isEmpty();
  }
}
