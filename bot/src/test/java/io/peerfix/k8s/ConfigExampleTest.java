package io.peerfix.k8s;

import static io.peerfix.k8s.InfraManifestsTest.agentPod;
import static io.peerfix.k8s.InfraManifestsTest.botPod;
import static io.peerfix.k8s.InfraManifestsTest.env;
import static io.peerfix.k8s.RenderedManifests.named;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.peerfix.config.PeerfixConfig;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configuration each kustomization ships is valid for peerfix's configuration record, read with
 * the environment the bot's Deployment gives it, and it sends probe pods to the restricted probe
 * namespace with the agent's image.
 */
class ConfigExampleTest {
  static Stream<Path> kustomizations() {
    return InfraManifestsTest.kustomizations();
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theShippedConfigurationLoadsAndRunsProbePodsWithTheAgentsImage(Path k) {
    Container bot = botPod(k).getContainers().get(0);
    Volume mounted =
        botPod(k).getVolumes().stream()
            .filter(v -> v.getConfigMap() != null)
            .findFirst()
            .orElseThrow();
    String yaml =
        named(k, ConfigMap.class, mounted.getConfigMap().getName()).getData().get("peerfix.yaml");
    String probeImage = named(k, ConfigMap.class, "peerfix-images").getData().get("probe");

    PeerfixConfig config =
        PeerfixConfig.parse(k + " peerfix.yaml", yaml, Map.of("PEERFIX_PROBE_IMAGE", probeImage));

    assertThat(bot.getArgs()).contains("/etc/peerfix/peerfix.yaml");
    assertThat(config.targets().targets()).isNotEmpty();
    assertThat(config.cluster().probeImage())
        .isEqualTo(agentPod(k).getContainers().get(0).getImage());
    assertThat(config.cluster().probeNamespace())
        .isEqualTo(env(bot, "PEERFIX_PROBE_NAMESPACE"))
        .isEqualTo(InfraManifestsTest.PROBE_NS);
    // The agents publish their facts (and read their fixes) in their own namespace.
    assertThat(config.cluster().agentNamespace())
        .isEqualTo(env(bot, "PEERFIX_AGENT_NAMESPACE"))
        .isEqualTo(named(k, DaemonSet.class, "peerfix-agent").getMetadata().getNamespace())
        .isEqualTo(InfraManifestsTest.AGENT_NS);
  }
}
