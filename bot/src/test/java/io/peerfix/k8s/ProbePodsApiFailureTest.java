package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When the API server cannot be reached at all, a probe still returns a result, never throws. */
class ProbePodsApiFailureTest {

  @Test
  void anUnreachableApiServerBecomesAnUnreachableResultThatSaysWhatFailed() {
    // Port 1 on loopback: nothing listens, so the connection is refused at once.
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder()
                    .withMasterUrl("http://127.0.0.1:1")
                    .withRequestRetryBackoffLimit(0)
                    .withNamespace("peerfix")
                    .build())
            .build()) {
      ProbePods probes =
          new ProbePods(
              client, ProbePodConfig.defaults("peerfix", "peerfix:test"), Clock.systemUTC());

      ProbeResult result =
          probes.probeFromPod(
              new NodeInfo(
                  "node-a",
                  List.of(Ipv4.parse("172.20.1.10")),
                  Cidr.parse("10.244.1.0/24"),
                  Map.of()),
              new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.TCP, 1000));

      assertThat(result.reachable()).isFalse();
      assertThat(result.error())
          .startsWith("could not run a probe pod in namespace peerfix")
          .contains("check the bot's connection to the Kubernetes API");
    }
  }
}
