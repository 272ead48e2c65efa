package io.peerfix.k8s;

import static io.peerfix.facts.FactsFixtures.NatConfig.KUBENET_10_8;
import static io.peerfix.facts.FactsFixtures.facts;
import static io.peerfix.facts.FactsFixtures.node;
import static io.peerfix.facts.FactsFixtures.nodeName;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class AgentFactsReaderTest {
  private static final String NS = "peerfix";
  private static final Instant NOW = Instant.parse("2026-11-24T21:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ProbeRequest TARGET =
      new ProbeRequest(
          "orders.cluster-1.us-east-1.rds.amazonaws.com", 5432, ProbeProtocol.POSTGRES, 2000);
  private static final ProbeRequest OTHER =
      new ProbeRequest("10.9.9.9", 3306, ProbeProtocol.MYSQL, 2000);

  KubernetesClient client;

  static ProbeResult hostProbe(ProbeRequest request) {
    return new ProbeResult(
        "host", request, Ipv4.parse("172.20.0.11"), null, List.of(), null, true, 4, null);
  }

  private void publish(int i, Instant observedAt, List<ProbeResult> hostProbes) {
    new NodeNetworkFactsPublisher(client, NS)
        .publish(
            new NodeNetworkFactsSpec(nodeName(i), observedAt, facts(i, KUBENET_10_8), hostProbes),
            null);
  }

  private AgentFactsReader reader() {
    return new AgentFactsReader(client, NS, 100, CLOCK, Duration.ofMinutes(10));
  }

  @BeforeEach
  void quiet() {
    QuietMockServer.quiet();
  }

  @Test
  void readsEachNodesPublishedNatTableAndAddresses() {
    publish(1, NOW, List.of(hostProbe(TARGET)));

    List<NodeFacts> read = reader().read(List.of(node(1)), TARGET);

    assertThat(read)
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.nodeName()).isEqualTo(nodeName(1));
              assertThat(f.natTable()).isEqualTo(facts(1, KUBENET_10_8).natTable());
              assertThat(f.addresses()).isEqualTo(facts(1, KUBENET_10_8).addresses());
            });
  }

  @Test
  void picksTheHostProbeTheAgentRanAgainstTheRequestedTarget() {
    publish(1, NOW, List.of(hostProbe(OTHER), hostProbe(TARGET)));

    NodeFacts read = reader().read(List.of(node(1)), TARGET).get(0);

    assertThat(read.hostProbe().request()).isEqualTo(TARGET);
    assertThat(read.warnings()).isEmpty();
  }

  @Test
  void saysSoWhenTheAgentHasNotProbedTheTarget() {
    publish(1, NOW, List.of(hostProbe(OTHER)));

    NodeFacts read = reader().read(List.of(node(1)), TARGET).get(0);

    assertThat(read.hostProbe()).isNull();
    assertThat(read.warnings())
        .singleElement()
        .asString()
        .contains("has not probed orders.cluster-1.us-east-1.rds.amazonaws.com:5432");
  }

  @Test
  void flagsFactsOlderThanTheMaximumAge() {
    publish(1, NOW.minus(Duration.ofMinutes(42)), List.of(hostProbe(TARGET)));

    NodeFacts read = reader().read(List.of(node(1)), TARGET).get(0);

    assertThat(read.warnings())
        .singleElement()
        .asString()
        .contains("42 min old")
        .contains("agent runs on node");
  }

  @Test
  void leavesOutNodesWithoutPublishedFacts() {
    publish(1, NOW, List.of());

    assertThat(reader().read(List.of(node(1), node(2)), TARGET))
        .extracting(NodeFacts::nodeName)
        .containsExactly(nodeName(1));
  }

  @Test
  void leavesOutAResourceWhoseSpecIsNotValid() {
    publish(1, NOW, List.of());
    client
        .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
        .inNamespace(NS)
        .resource(
            new GenericKubernetesResourceBuilder()
                .withApiVersion("peerfix.io/v1alpha1")
                .withKind("NodeNetworkFacts")
                .withNewMetadata()
                .withName(nodeName(2))
                .endMetadata()
                .withAdditionalProperties(
                    Map.of("spec", Map.of("nodeName", nodeName(2), "observedAt", "yesterday")))
                .build())
        .create();

    assertThat(reader().read(List.of(node(1), node(2)), TARGET))
        .extracting(NodeFacts::nodeName)
        .containsExactly(nodeName(1));
  }

  @Test
  void republishingReplacesANodesFacts() {
    publish(1, NOW.minus(Duration.ofHours(1)), List.of());
    publish(1, NOW, List.of(hostProbe(TARGET)));

    NodeFacts read = reader().read(List.of(node(1)), TARGET).get(0);

    assertThat(read.hostProbe()).isNotNull();
    assertThat(read.warnings()).isEmpty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void publishesNoNullsForTheSchemaToReject() {
    NodeFacts f = facts(1, KUBENET_10_8);
    NodeFacts noPodRange =
        new NodeFacts(
            f.nodeName(),
            f.iptablesBackend(),
            f.natTable(),
            f.ipsets(),
            f.addresses(),
            f.routes(),
            null,
            f.cni(),
            null,
            f.warnings());

    Map<String, Object> spec =
        (Map<String, Object>)
            NodeNetworkFactsResource.toResource(
                    NS, new NodeNetworkFactsSpec(nodeName(1), NOW, noPodRange, List.of()), null)
                .getAdditionalProperties()
                .get("spec");

    assertThat((Map<String, Object>) spec.get("facts")).doesNotContainKeys("podCidr", "hostProbe");
  }

  /** A paging mock server holding the facts of {@code count} nodes, logging every request. */
  private static final class PagedFacts implements AutoCloseable {
    final KubernetesMockServer server = PagingCrudDispatcher.startServer();
    final RequestLog log = new RequestLog();
    final KubernetesClient client =
        server.createClient(
            b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("log", log)));

    PagedFacts(int count) {
      NodeNetworkFactsPublisher publisher = new NodeNetworkFactsPublisher(client, NS);
      IntStream.range(0, count)
          .forEach(
              i ->
                  publisher.publish(
                      new NodeNetworkFactsSpec(nodeName(i), NOW, facts(i, KUBENET_10_8), List.of()),
                      null));
    }

    AgentFactsReader reader() {
      return new AgentFactsReader(client, NS, 100, CLOCK, Duration.ofMinutes(10));
    }

    List<String> requestsSince(int before) {
      return log.requests().subList(before, log.count());
    }

    @Override
    public void close() {
      client.close();
      server.destroy();
    }
  }

  @Test
  void readsAllNodesFactsInOneListCallPerPage() {
    try (PagedFacts cluster = new PagedFacts(250)) {
      int before = cluster.log.count();

      List<NodeFacts> read =
          cluster
              .reader()
              .read(
                  IntStream.range(0, 250).mapToObj(io.peerfix.facts.FactsFixtures::node).toList(),
                  TARGET);

      assertThat(read).hasSize(250);
      assertThat(cluster.requestsSince(before))
          .allMatch(
              r ->
                  r.startsWith(
                      "GET /apis/peerfix.io/v1alpha1/namespaces/peerfix/nodenetworkfacts?"))
          .hasSize(3);
    }
  }

  @Test
  void readsOneNodesFactsWithOneGetOfItsResource() {
    try (PagedFacts cluster = new PagedFacts(250)) {
      AgentFactsReader reader = cluster.reader();
      int before = cluster.log.count();

      List<NodeFacts> read = reader.read(List.of(node(7)), TARGET);
      List<NodeFacts> missing = reader.read(List.of(node(300)), TARGET);

      assertThat(read).extracting(NodeFacts::nodeName).containsExactly(nodeName(7));
      assertThat(missing).isEmpty();
      assertThat(cluster.requestsSince(before))
          .containsExactly(
              "GET /apis/peerfix.io/v1alpha1/namespaces/peerfix/nodenetworkfacts/" + nodeName(7),
              "GET /apis/peerfix.io/v1alpha1/namespaces/peerfix/nodenetworkfacts/" + nodeName(300));
    }
  }
}
