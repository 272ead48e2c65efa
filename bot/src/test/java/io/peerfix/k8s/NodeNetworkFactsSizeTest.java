package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.facts.Cni;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.nat.IpSets;
import io.peerfix.nat.KubeProxyTables;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 10,000-Service node's facts fit etcd: the published NodeNetworkFacts object, as the API server
 * stores it, stays under 1 MB (etcd refuses objects over 1.5 MB) although the node's nat table is
 * about 12 MB here (17 MB in the bench's fuller kube-proxy shape); the bot still answers a target
 * outside the Service range from it, and says it cannot for a Service address.
 */
@EnableKubernetesMockClient(crud = true)
class NodeNetworkFactsSizeTest {
  private static final String NS = "peerfix";
  private static final Instant NOW = Instant.parse("2026-12-01T13:00:00Z");
  private static final long ETCD_SAFE_BYTES = 1 << 20;

  KubernetesClient client;

  @BeforeEach
  void quiet() {
    QuietMockServer.quiet();
  }

  private static NodeFacts facts(String table) {
    return new NodeFacts(
        "node-1",
        "nf_tables",
        table,
        "",
        List.of("172.20.1.10/16"),
        List.of(),
        "10.244.1.0/24",
        Cni.KUBENET,
        null,
        List.of());
  }

  @Test
  void aTenThousandServiceNodesFactsObjectStaysWellUnderEtcdsLimit() throws Exception {
    String table = KubeProxyTables.generate(10_000, 1, "");
    new NodeNetworkFactsPublisher(client, NS)
        .publish(new NodeNetworkFactsSpec("node-1", NOW, facts(table), List.of()), null);

    GenericKubernetesResource stored =
        client
            .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
            .inNamespace(NS)
            .withName("node-1")
            .get();
    long objectBytes =
        FactsJson.MAPPER.writeValueAsString(stored).getBytes(StandardCharsets.UTF_8).length;
    NodeNetworkFactsSpec spec = NodeNetworkFactsResource.specOf(stored);
    System.out.printf(
        "NodeNetworkFacts for 10,000 Services: whole nat table %d bytes, %d rules; published"
            + " object %d bytes, %d of the rules%n",
        table.getBytes(StandardCharsets.UTF_8).length,
        spec.natSlice().wholeRules(),
        objectBytes,
        spec.natSlice().keptRules());

    assertThat(table.length()).isGreaterThan(8 << 20);
    assertThat(objectBytes).isLessThan(ETCD_SAFE_BYTES);
    assertThat(spec.natSlice().wholeBytes())
        .isEqualTo(table.getBytes(StandardCharsets.UTF_8).length);
    assertThat(spec.natSlice().overLimit()).isFalse();
    assertThat(spec.facts().natTable()).contains(spec.natSlice().wholeSha256());
  }

  @Test
  void theBotAnswersAnOutsideTargetFromTheSliceAndNotAServiceAddress() {
    String table = KubeProxyTables.generate(2_000, 4, "");
    new NodeNetworkFactsPublisher(client, NS)
        .publish(new NodeNetworkFactsSpec("node-1", NOW, facts(table), List.of()), null);
    AgentFactsReader reader =
        new AgentFactsReader(
            client, NS, 100, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(10));
    NodeInfo node = new NodeInfo("node-1", List.of("172.20.1.10"), "10.244.1.0/24", Map.of());
    ProbeRequest outside = new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 2000);
    ProbeRequest service = new ProbeRequest("10.96.0.17", 80, ProbeProtocol.TCP, 2000);

    NodeFacts forOutside = reader.read(List.of(node), outside).get(0);
    NodeFacts forService = reader.read(List.of(node), service).get(0);

    var verdict =
        NatEvaluator.evaluate(
            NatDump.parse(forOutside.natTable()),
            Packet.builder().src("10.244.1.5").dst("10.0.5.20").dstPort(5432).build(),
            new NodeContext(List.of("172.20.1.10"), "172.20.1.10", IpSets.empty()));
    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(forService.natTable()).isEmpty();
    assertThat(forService.warnings())
        .anySatisfy(w -> assertThat(w).contains("cannot decide packets to 10.96.0.17"));
  }
}
