package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.peerfix.k8s.NodeNetworkFactsPublisher;
import io.peerfix.k8s.NodeNetworkFactsResource;
import io.peerfix.k8s.NodeNetworkFactsSpec;
import io.peerfix.nat.KubeProxyTables;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.probe.Prober;
import io.peerfix.testing.LabNodeWithFix;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The agent's facts publication on the real kernel, on both iptables back ends, for a node holding
 * a large kube-proxy nat table (10,000 Services, over 100,000 lines, one in fifty with an external
 * IP): the published NodeNetworkFacts (fabric8 mock server, CRUD mode) holds the slice that decides
 * pod packets outside the Service range, well under etcd's object limit, giving the whole table's
 * verdict; on nf_tables no whole-table read runs at all, on legacy exactly one per publication.
 */
@EnableKubernetesMockClient(crud = true)
class AgentFactsPublicationIT {
  private static final String NS = "peerfix-agent";
  private static final String NODE = LabNodeWithFix.NODE;
  private static final String KUBELET_RULE = "-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE";
  private static final String TABLE = KubeProxyTables.generate(10_000, 1, "");
  private static final long ETCD_SAFE_BYTES = 1 << 20;

  KubernetesClient client;
  private LabNodeWithFix node;

  @AfterEach
  void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  private void node(String backend) {
    // kubelet's hint, as on a real node: it tells the back end.
    node =
        LabNodeWithFix.builder()
            .backend(backend)
            .table(TABLE, Duration.ofMinutes(3))
            .kubeletHint()
            .build();
  }

  private FactsPublishing publishing() {
    NodeFactsCollector collector = new NodeFactsCollector(node.inside(), new Prober());
    return new FactsPublishing(
        new NodeNetworkFactsPublisher(client, NS),
        () -> collector.collectForPublishing(new NodeFactsCollector.Request(NODE, null, null)),
        NODE,
        null,
        Clock.systemUTC());
  }

  private long wholeNatReads(String backend) {
    return node.ran().stream()
        .filter(a -> a.get(0).equals("iptables-" + backend + "-save") && a.contains("nat"))
        .count();
  }

  @ParameterizedTest
  @ValueSource(strings = {"nft", "legacy"})
  void aLargeTablesFactsArePublishedAsABoundedSliceThatDecidesAsTheWholeTable(String backend)
      throws Exception {
    node(backend);
    assertThat(TABLE.lines().count()).isGreaterThan(100_000);

    assertThat(publishing().tick()).isTrue();

    GenericKubernetesResource stored =
        client
            .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
            .inNamespace(NS)
            .withName(NODE)
            .get();
    long objectBytes = Serialization.asJson(stored).getBytes(StandardCharsets.UTF_8).length;
    NodeNetworkFactsSpec spec = NodeNetworkFactsResource.specOf(stored);
    String slice = spec.facts().natTable();
    System.out.printf(
        "%s: published object %d bytes, %d rules in %d chains; %d iptables commands%n",
        backend,
        objectBytes,
        spec.natSlice().keptRules(),
        spec.natSlice().keptChains(),
        node.ran().size());

    assertThat(objectBytes).isLessThan(ETCD_SAFE_BYTES);
    assertThat(spec.facts().warnings()).noneMatch(w -> w.startsWith("nat table not read"));
    assertThat(spec.natSlice().overLimit()).isFalse();
    assertThat(Cidr.parse(spec.natSlice().droppedDestinations()).contains(Ipv4.parse("10.96.0.10")))
        .isTrue();
    assertThat(slice).contains(KUBELET_RULE).doesNotContain("-d 10.96.0.");
    assertThat(spec.facts().iptablesBackend())
        .isEqualTo(backend.equals("nft") ? "nf_tables" : "legacy");
    NodeContext node =
        new NodeContext(List.of("172.20.1.10"), "172.20.1.10", io.peerfix.nat.IpSets.empty());
    for (String dst : List.of("10.0.5.20", "198.51.100.1", "52.94.133.131")) {
      Packet packet =
          Packet.builder().src("10.244.1.5").dst(dst).dstPort(5432).srcPort(40000).build();
      NatVerdict whole = NatEvaluator.evaluate(NatDump.parse(TABLE), packet, node);
      NatVerdict sliced = NatEvaluator.evaluate(NatDump.parse(slice), packet, node);
      assertThat(sliced.action()).as(dst).isEqualTo(whole.action());
      assertThat(sliced.sourceAfter()).as(dst).isEqualTo(whole.sourceAfter());
      assertThat(sliced.destinationAfter()).as(dst).isEqualTo(whole.destinationAfter());
    }
    if (backend.equals("nft")) {
      assertThat(wholeNatReads(backend)).isZero();
      assertThat(spec.natSlice().wholeSha256()).isNull();
    } else {
      assertThat(wholeNatReads(backend)).isEqualTo(1);
      assertThat(spec.natSlice().wholeRules()).isEqualTo(NatDump.parse(TABLE).ruleCount());
    }
  }
}
