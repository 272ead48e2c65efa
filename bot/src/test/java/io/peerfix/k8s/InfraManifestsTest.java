package io.peerfix.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The manifests in infra/ match what the code asks of the API server. */
@EnableKubernetesMockClient(crud = true)
class InfraManifestsTest {
  private static final Path INFRA = Path.of("..", "infra");

  KubernetesClient client;

  private List<HasMetadata> load(String file) throws IOException {
    try (InputStream in = Files.newInputStream(INFRA.resolve(file))) {
      return client.load(in).items();
    }
  }

  private <T extends HasMetadata> T named(String file, Class<T> type, String name)
      throws IOException {
    return load(file).stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError(file + " has no " + type.getSimpleName() + " " + name));
  }

  private static boolean grants(
      List<PolicyRule> rules, String group, String resource, String... verbs) {
    return rules.stream()
        .anyMatch(
            r ->
                r.getApiGroups().contains(group)
                    && r.getResources().contains(resource)
                    && r.getVerbs().containsAll(List.of(verbs)));
  }

  @Test
  void theCrdDefinesTheNodeNetworkFactsResourceTheReaderLists() throws IOException {
    CustomResourceDefinition crd =
        named(
            "crds/nodenetworkfacts.peerfix.io.yaml",
            CustomResourceDefinition.class,
            "nodenetworkfacts.peerfix.io");

    assertThat(crd.getSpec().getGroup()).isEqualTo(NodeNetworkFactsResource.GROUP);
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo(NodeNetworkFactsResource.KIND);
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo(NodeNetworkFactsResource.PLURAL);
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getVersions())
        .singleElement()
        .satisfies(v -> assertThat(v.getName()).isEqualTo(NodeNetworkFactsResource.VERSION));
  }

  @Test
  void theBotMayRunWatchAndDeleteProbePodsAndReadTheAgentsFacts() throws IOException {
    Role role = named("rbac.yaml", Role.class, "peerfix-bot");

    assertThat(grants(role.getRules(), "", "pods", "create", "get", "list", "watch", "delete"))
        .isTrue();
    assertThat(grants(role.getRules(), "peerfix.io", "nodenetworkfacts", "list")).isTrue();
  }

  @Test
  void theBotMayListNodesButNotChangeThem() throws IOException {
    ClusterRole role = named("rbac.yaml", ClusterRole.class, "peerfix-bot");

    assertThat(grants(role.getRules(), "", "nodes", "list")).isTrue();
    assertThat(role.getRules())
        .allSatisfy(
            r -> assertThat(r.getVerbs()).doesNotContain("create", "update", "patch", "delete"));
  }

  @Test
  void theAgentMayPublishNodeNetworkFacts() throws IOException {
    Role role = named("rbac.yaml", Role.class, "peerfix-agent");

    assertThat(grants(role.getRules(), "peerfix.io", "nodenetworkfacts", "create", "update"))
        .isTrue();
  }
}
