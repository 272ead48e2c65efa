package io.peerfix.schedule;

import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.facts;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.FactsFixtures;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeGrouping;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.k8s.AgentFactsReader;
import io.peerfix.k8s.FakeKubelet;
import io.peerfix.k8s.KubernetesNodeDirectory;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import io.peerfix.k8s.ProbePodConfig;
import io.peerfix.k8s.ProbePods;
import io.peerfix.k8s.RequestLog;
import io.peerfix.net.Ipv4;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.probe.ProbeJson;
import io.peerfix.schedule.watch.LeftOut;
import io.peerfix.schedule.watch.NodeCondition;
import io.peerfix.schedule.watch.NodeSample;
import io.peerfix.schedule.watch.TargetState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A scheduled run over the fabric8 mock server, with a fake kubelet answering each probe pod's
 * containers: one pod per node for all of the schedule's targets, results split per target, and the
 * nodes that are not ready, cordoned or being removed left out before any probe.
 */
@EnableKubernetesMockClient(crud = true)
class DiagnosisCheckerTest {
  private static final String PROBES = "peerfix-probes";
  private static final String AGENTS = "peerfix";
  private static final Instant AT = Instant.parse("2026-12-01T09:05:00Z");
  private static final Clock CLOCK = Clock.systemUTC();
  private static final KnownTarget ORDERS =
      new KnownTarget(
          new DiagnosisTarget("orders", "10.0.5.20", 5432, ProbeProtocol.TCP), null, null);
  private static final KnownTarget BILLING =
      new KnownTarget(
          new DiagnosisTarget("billing", "10.0.6.30", 3306, ProbeProtocol.TCP), null, null);

  KubernetesMockServer server;
  KubernetesClient client;

  @Test
  void oneRunStartsOneProbePodPerReadyNodeCarryingEveryTarget() {
    IntStream.range(0, 4).forEach(i -> create(node(i).build()));
    leftOutNodes();
    RequestLog log = new RequestLog();
    Map<String, TargetChecker.Checked> checks;
    try (KubernetesClient logged = logged(log);
        FakeKubelet kubelet = kubelet()) {
      checks = checker(logged).checkAll(List.of("orders", "billing"), AT);

      assertThat(kubelet.created())
          .extracting(p -> p.getSpec().getNodeName())
          .containsExactlyInAnyOrder(
              IntStream.range(0, 4).mapToObj(FactsFixtures::nodeName).toArray(String[]::new));
      assertThat(kubelet.created())
          .allSatisfy(p -> assertThat(hosts(p)).containsExactly("10.0.5.20", "10.0.6.30"));
    }
    assertThat(count(log, "POST /api/v1/namespaces/" + PROBES + "/pods")).isEqualTo(4);
    assertThat(count(log, "DELETE /api/v1/namespaces/" + PROBES + "/pods/")).isEqualTo(4);
    // The node directory's page and the conditions: once per run, not once per target.
    assertThat(count(log, "GET /api/v1/nodes")).isEqualTo(2);
    System.out.println(
        "figure: a run of 2 targets over 4 ready nodes (5 left out) made "
            + log.count()
            + " API calls, 4 probe pods");

    assertThat(checks.get("orders").check().state()).isEqualTo(TargetState.OK);
    assertThat(checks.get("orders").check().nodes()).hasSize(4).allMatch(NodeSample::reachable);
    assertThat(checks.get("billing").check().state()).isEqualTo(TargetState.FAILING);
    assertThat(checks.get("billing").check().failingNodes()).hasSize(4);
    List<LeftOut> leftOut =
        List.of(
            new LeftOut("autoscaled-away", NodeCondition.BEING_REMOVED),
            new LeftOut("cordoned", NodeCondition.CORDONED),
            new LeftOut("deleting", NodeCondition.BEING_REMOVED),
            new LeftOut("down", NodeCondition.NOT_READY),
            new LeftOut("tainted-unschedulable", NodeCondition.CORDONED));
    assertThat(checks.get("orders").check().leftOut()).isEqualTo(leftOut);
    assertThat(checks.get("billing").check().leftOut()).isEqualTo(leftOut);
  }

  @Test
  void targetsCheckedOneByOneWouldStartAPodPerNodeForEachTarget() {
    IntStream.range(0, 4).forEach(i -> create(node(i).build()));
    leftOutNodes();
    RequestLog alone = new RequestLog();
    RequestLog together = new RequestLog();
    try (KubernetesClient a = logged(alone);
        KubernetesClient b = logged(together);
        FakeKubelet kubelet = kubelet()) {
      DiagnosisChecker oneByOne = checker(a);
      oneByOne.check("orders", AT);
      oneByOne.check("billing", AT);
      checker(b).checkAll(List.of("orders", "billing"), AT);
      assertThat(kubelet.created()).hasSize(8 + 4);
    }
    assertThat(count(alone, "POST /api/v1/namespaces/" + PROBES + "/pods")).isEqualTo(8);
    assertThat(count(together, "POST /api/v1/namespaces/" + PROBES + "/pods")).isEqualTo(4);
    assertThat(together.count()).isLessThan(alone.count());
    System.out.println(
        "figure: 2 targets, 4 ready nodes, 5 left out: one by one "
            + alone.count()
            + " API calls and 8 probe pods; together "
            + together.count()
            + " API calls and 4 probe pods");
  }

  @Test
  void aLargeClusterStartsOnePodPerNatFingerprintCarryingEveryTarget() {
    int nodes = 12;
    IntStream.range(0, nodes).forEach(i -> create(node(i).build()));
    List<NodeFacts> published =
        IntStream.range(0, nodes).mapToObj(i -> facts(i, KUBENET_10_8)).toList();
    published.forEach(
        f ->
            new NodeNetworkFactsPublisher(client, AGENTS)
                .publish(
                    new NodeNetworkFactsSpec(f.nodeName(), CLOCK.instant(), f, List.of()), null));
    int groups =
        NodeGrouping.group(
                IntStream.range(0, nodes).mapToObj(FactsFixtures::node).toList(), published)
            .groups()
            .size();

    Map<String, TargetChecker.Checked> checks;
    try (FakeKubelet kubelet = kubelet()) {
      checks = checker(client).checkAll(List.of("orders", "billing"), AT);

      assertThat(groups).isLessThan(nodes);
      assertThat(kubelet.created()).hasSize(groups);
      assertThat(kubelet.created())
          .allSatisfy(p -> assertThat(hosts(p)).containsExactly("10.0.5.20", "10.0.6.30"));
    }
    assertThat(checks.get("orders").check().state()).isEqualTo(TargetState.OK);
    assertThat(checks.get("billing").check().state()).isEqualTo(TargetState.FAILING);
  }

  @Test
  void aRunWhoseNodesAreAllLeftOutStartsNoPodAndKnowsNothing() {
    leftOutNodes();
    Map<String, TargetChecker.Checked> checks;
    try (FakeKubelet kubelet = kubelet()) {
      checks = checker(client).checkAll(List.of("orders", "billing"), AT);
      assertThat(kubelet.created()).isEmpty();
    }
    assertThat(checks.get("orders").check().state()).isEqualTo(TargetState.UNKNOWN);
    assertThat(checks.get("orders").check().leftOut()).hasSize(5);
    assertThat(checks.get("billing").run()).isEmpty();
  }

  /** Five nodes a run leaves out, one for each way a node is going or gone. */
  private void leftOutNodes() {
    create(
        node(10)
            .editMetadata()
            .withName("down")
            .endMetadata()
            .editStatus()
            .editFirstCondition()
            .withStatus("Unknown")
            .endCondition()
            .endStatus()
            .build());
    create(
        node(11)
            .editMetadata()
            .withName("cordoned")
            .endMetadata()
            .editSpec()
            .withUnschedulable(true)
            .endSpec()
            .build());
    create(
        node(12)
            .editMetadata()
            .withName("tainted-unschedulable")
            .endMetadata()
            .editSpec()
            .addNewTaint()
            .withKey("node.kubernetes.io/unschedulable")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .build());
    create(
        node(13)
            .editMetadata()
            .withName("autoscaled-away")
            .endMetadata()
            .editSpec()
            .addNewTaint()
            .withKey("ToBeDeletedByClusterAutoscaler")
            .withValue("1764580000")
            .withEffect("NoSchedule")
            .endTaint()
            .endSpec()
            .build());
    create(
        node(14)
            .editMetadata()
            .withName("deleting")
            .withFinalizers("peerfix.io/test")
            .endMetadata()
            .build());
    // A finalizer keeps the deleted node, with its deletion timestamp, as the API server does.
    client.nodes().withName("deleting").delete();
  }

  private static NodeBuilder node(int i) {
    NodeInfo info = FactsFixtures.node(i);
    return new NodeBuilder()
        .withNewMetadata()
        .withName(info.name())
        .withLabels(info.labels())
        .endMetadata()
        .withNewSpec()
        .withPodCIDR(info.podCidr().toString())
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(info.primaryAddress().toString())
        .endAddress()
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus();
  }

  private void create(Node node) {
    client.nodes().resource(node).create();
  }

  private DiagnosisChecker checker(KubernetesClient c) {
    ProbePodConfig pods =
        ProbePodConfig.defaults(PROBES, "peerfix:test")
            .withStartupAllowance(Duration.ofSeconds(30));
    DiagnosisPorts ports =
        new DiagnosisPorts(
            new KubernetesNodeDirectory(c, null, 500),
            new AgentFactsReader(c, AGENTS, 100, CLOCK, Duration.ofMinutes(10)),
            new ProbePods(c, pods, CLOCK),
            query -> {
              throw new AssertionError("no AWS view is asked for");
            });
    DiagnosisEnvironment environment =
        new DiagnosisEnvironment() {
          @Override
          public List<KnownTarget> targets() {
            return List.of(ORDERS, BILLING);
          }

          @Override
          public DiagnosisPorts ports() {
            return ports;
          }
        };
    return new DiagnosisChecker(
        target -> environment, new KubernetesNodeConditions(c), Duration.ofMillis(100), CLOCK);
  }

  /** A kubelet whose pods reach orders from every node and time out on billing. */
  private FakeKubelet kubelet() {
    return new FakeKubelet(
        client, PROBES, FakeKubelet.terminatesEach(DiagnosisCheckerTest::result));
  }

  private static String result(Container container) {
    List<String> args = container.getArgs();
    String host = args.get(args.indexOf("--host") + 1);
    int port = Integer.parseInt(args.get(args.indexOf("--port") + 1));
    ProbeRequest request = new ProbeRequest(host, port, ProbeProtocol.TCP, 100);
    Ipv4 address = Ipv4.parse(host);
    Ipv4 source = Ipv4.parse("10.244.0.5");
    boolean reachable = host.equals(ORDERS.target().host());
    ConnectAttempt attempt =
        new ConnectAttempt(
            address,
            port,
            reachable ? ConnectOutcome.CONNECTED : ConnectOutcome.TIMED_OUT,
            reachable ? 4 : 100,
            source,
            null);
    return ProbeJson.write(
        new ProbeResult(
            "pod",
            request,
            source,
            new DnsLookup(host, DnsStatus.RESOLVED, List.of(address), 0, null),
            List.of(attempt),
            null,
            reachable,
            reachable ? 4 : 100,
            reachable ? null : "no address connected"));
  }

  private static List<String> hosts(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .map(c -> c.getArgs().get(c.getArgs().indexOf("--host") + 1))
        .toList();
  }

  private KubernetesClient logged(RequestLog log) {
    return server.createClient(
        b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("log", log)));
  }

  private static long count(RequestLog log, String prefix) {
    return log.requests().stream().filter(r -> r.startsWith(prefix)).count();
  }
}
