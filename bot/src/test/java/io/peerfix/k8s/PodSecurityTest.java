package io.peerfix.k8s;

import static io.peerfix.k8s.InfraManifestsTest.agentPod;
import static io.peerfix.k8s.InfraManifestsTest.botPod;
import static io.peerfix.k8s.InfraManifestsTest.env;
import static io.peerfix.k8s.RenderedManifests.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Pod Security Standards: the bot and the probe pods meet restricted; the agent is the one
 * documented exception, with exactly the exceptions its work needs and nothing baseline forbids
 * beyond them.
 */
@EnableKubernetesMockClient(crud = true)
class PodSecurityTest {
  /** What the agent needs beyond restricted, as infra/base/agent.yaml documents it. */
  static final List<String> AGENT_EXCEPTIONS =
      List.of(
          "capabilities.add:NET_ADMIN",
          "capabilities.add:NET_RAW",
          "hostNetwork",
          "hostPath:/run/xtables.lock",
          "runAsNonRoot",
          "runAsUser=0",
          "volume:xtables-lock");

  KubernetesClient client;

  static Stream<Path> kustomizations() {
    return InfraManifestsTest.kustomizations();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theBotMeetsTheRestrictedStandard(Path k) {
    assertThat(PodSecurityStandards.restrictedViolations(botPod(k))).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theAgentBreaksRestrictedOnlyWhereItsWorkNeedsIt(Path k) {
    PodSpec agent = agentPod(k);
    Container c = agent.getContainers().get(0);

    assertThat(PodSecurityStandards.restrictedViolations(agent))
        .containsExactlyElementsOf(AGENT_EXCEPTIONS);
    assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(c.getSecurityContext().getCapabilities().getAdd())
        .containsExactlyInAnyOrder("NET_ADMIN", "NET_RAW");
    assertThat(c.getSecurityContext().getPrivileged()).isFalse();
    assertThat(agent.getHostPID()).isFalse();
    assertThat(agent.getHostIPC()).isFalse();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theProbePodTheBotCreatesMeetsTheRestrictedStandardInTheProbeNamespace(Path k) {
    Container bot = botPod(k).getContainers().get(0);
    String namespace = env(bot, "PEERFIX_PROBE_NAMESPACE");
    String image = named(k, ConfigMap.class, "peerfix-images").getData().get("probe");
    ProbePodConfig config =
        ProbePodConfig.defaults(namespace, image).withStartupAllowance(Duration.ofSeconds(30));
    NodeInfo node =
        new NodeInfo(
            "ip-172-20-1-10",
            List.of(Ipv4.parse("172.20.1.10")),
            Cidr.parse("10.244.1.0/24"),
            Map.of());
    ProbeRequest request = new ProbeRequest("10.0.5.20", 5432, ProbeProtocol.POSTGRES, 500);

    Pod pod;
    try (FakeKubelet kubelet =
        new FakeKubelet(client, namespace, FakeKubelet.terminatesWith("{}", 0))) {
      new ProbePods(client, config, Clock.systemUTC()).probeFromPod(node, request);
      pod = kubelet.created().get(0);
    }

    assertThat(pod.getMetadata().getNamespace()).isEqualTo(InfraManifestsTest.PROBE_NS);
    assertThat(pod.getSpec().getContainers().get(0).getImage())
        .isEqualTo(agentPod(k).getContainers().get(0).getImage());
    assertThat(PodSecurityStandards.restrictedViolations(pod.getSpec())).isEmpty();
  }

  @Test
  void aPrivilegedHostPidPodBreaksBaseline() {
    PodSpec pod =
        new PodSpecBuilder()
            .withHostPID(true)
            .addNewContainer()
            .withName("c")
            .withNewSecurityContext()
            .withPrivileged(true)
            .withNewCapabilities()
            .withAdd("SYS_ADMIN", "CHOWN")
            .endCapabilities()
            .endSecurityContext()
            .endContainer()
            .build();

    assertThat(PodSecurityStandards.baselineViolations(pod))
        .containsExactly("capabilities.add:SYS_ADMIN", "hostPID", "privileged");
  }
}
