package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ProbePodSweeperTest {
  private static final String NS = "peerfix";

  KubernetesClient client;

  @BeforeEach
  void leftoversOfACrashedBot() {
    QuietMockServer.quiet();
    ProbePodFactory factory = new ProbePodFactory(ProbePodConfig.defaults(NS, "peerfix:test"));
    ProbeRequest request = new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 2000);
    for (String node : List.of("node-a", "node-b")) {
      Pod probe =
          factory.build("id-" + node, new NodeInfo(node, List.of(), null, Map.of()), request);
      client.pods().inNamespace(NS).resource(probe).create();
    }
    client
        .pods()
        .inNamespace(NS)
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("peerfix-bot-1")
                .withLabels(Map.of("app.kubernetes.io/name", "peerfix"))
                .endMetadata()
                .build())
        .create();
  }

  private List<String> podNames() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  private static Clock minutesFromNow(int minutes) {
    return Clock.fixed(Instant.now().plus(Duration.ofMinutes(minutes)), ZoneOffset.UTC);
  }

  @Test
  void deletesProbePodsOlderThanTheGivenAge() {
    List<String> swept =
        new ProbePodSweeper(client, NS, minutesFromNow(10)).sweep(Duration.ofMinutes(5));

    assertThat(swept).containsExactly("peerfix-probe-id-node-a", "peerfix-probe-id-node-b");
    assertThat(podNames()).containsExactly("peerfix-bot-1");
  }

  @Test
  void keepsProbePodsYoungerThanTheGivenAge() {
    List<String> swept =
        new ProbePodSweeper(client, NS, minutesFromNow(1)).sweep(Duration.ofMinutes(5));

    assertThat(swept).isEmpty();
    assertThat(podNames()).hasSize(3);
  }

  @Test
  void neverDeletesPodsWithoutTheProbeLabel() {
    new ProbePodSweeper(client, NS, minutesFromNow(60 * 24)).sweep(Duration.ofMinutes(1));

    assertThat(podNames()).containsExactly("peerfix-bot-1");
  }
}
