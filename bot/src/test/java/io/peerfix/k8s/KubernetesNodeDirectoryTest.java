package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.peerfix.facts.NodeInfo;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
public class KubernetesNodeDirectoryTest {
  KubernetesClient client;

  /** A Node as its kubelet registers it: hostname, InternalIP, an ExternalIP and its pod range. */
  public static Node node(
      String name, String internalIp, String podCidr, Map<String, String> labels) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withPodCIDR(podCidr)
        .endSpec()
        .withNewStatus()
        .addNewAddress()
        .withType("Hostname")
        .withAddress(name)
        .endAddress()
        .addNewAddress()
        .withType("InternalIP")
        .withAddress(internalIp)
        .endAddress()
        .addNewAddress()
        .withType("ExternalIP")
        .withAddress("54.1.2.3")
        .endAddress()
        .endStatus()
        .build();
  }

  @BeforeEach
  void twoNodes() {
    QuietMockServer.quiet();
    client
        .nodes()
        .resource(node("ip-172-20-1-10", "172.20.1.10", "10.244.1.0/24", Map.of("pool", "general")))
        .create();
    client
        .nodes()
        .resource(node("ip-172-20-1-11", "172.20.1.11", "10.244.2.0/24", Map.of("pool", "gpu")))
        .create();
  }

  @Test
  void listsEachNodeWithItsInternalAddressPodRangeAndLabels() {
    List<NodeInfo> nodes = new KubernetesNodeDirectory(client, null, 500).nodes();

    assertThat(nodes)
        .contains(
            new NodeInfo(
                "ip-172-20-1-10",
                List.of(Ipv4.parse("172.20.1.10")),
                Cidr.parse("10.244.1.0/24"),
                Map.of("pool", "general")))
        .hasSize(2);
  }

  @Test
  void listsOnlyTheNodesTheLabelSelectorMatches() {
    List<NodeInfo> nodes = new KubernetesNodeDirectory(client, "pool=gpu", 500).nodes();

    assertThat(nodes).extracting(NodeInfo::name).containsExactly("ip-172-20-1-11");
  }

  @Test
  void followsContinueTokensUntilTheLastPage() {
    KubernetesMockServer server = PagingCrudDispatcher.startServer();
    RequestLog log = new RequestLog();
    try (KubernetesClient paged =
        server.createClient(
            b -> b.withHttpClientBuilderConsumer(h -> h.addOrReplaceInterceptor("log", log)))) {
      IntStream.range(0, 5)
          .forEach(
              i -> paged.nodes().resource(node("n" + i, "172.20.1." + i, null, Map.of())).create());
      int before = log.count();

      List<NodeInfo> nodes = new KubernetesNodeDirectory(paged, null, 2).nodes();

      assertThat(nodes)
          .extracting(NodeInfo::name)
          .containsExactlyInAnyOrder("n0", "n1", "n2", "n3", "n4");
      assertThat(log.requests().subList(before, log.count()))
          .containsExactly(
              "GET /api/v1/nodes?limit=2",
              "GET /api/v1/nodes?continue=2&limit=2",
              "GET /api/v1/nodes?continue=4&limit=2");
    } finally {
      server.destroy();
    }
  }
}
