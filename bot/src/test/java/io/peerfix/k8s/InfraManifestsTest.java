package io.peerfix.k8s;

import static io.peerfix.k8s.RenderedManifests.named;
import static io.peerfix.k8s.RenderedManifests.of;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicy;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingAdmissionPolicyBinding;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass;
import io.peerfix.fixstore.KubernetesFixStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kustomization under infra/ renders with kubectl, loads strictly into fabric8's model, and
 * keeps the properties the install relies on (namespaces, one image, probes, the agent's bounds).
 */
class InfraManifestsTest {
  static final String BOT_NS = "peerfix-bot";
  static final String AGENT_NS = "peerfix-agent";
  static final String PROBE_NS = "peerfix-probes";

  static Stream<Path> kustomizations() {
    return RenderedManifests.kustomizations().stream();
  }

  static PodSpec botPod(Path k) {
    return named(k, Deployment.class, "peerfix-bot").getSpec().getTemplate().getSpec();
  }

  static PodSpec agentPod(Path k) {
    return named(k, DaemonSet.class, "peerfix-agent").getSpec().getTemplate().getSpec();
  }

  static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .findFirst()
        .map(e -> e.getValue())
        .orElseThrow(() -> new AssertionError(c.getName() + " has no env " + name));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyObjectLoadsIntoFabric8sModelWithNoUnknownField(Path k) {
    List<HasMetadata> objects = RenderedManifests.render(k);

    assertThat(objects).hasSizeGreaterThan(10);
    assertThat(objects).allSatisfy(o -> assertThat(StrictModel.unknownFields(o)).isEmpty());
  }

  @Test
  void aMisspeltFieldIsFound() {
    HasMetadata pod =
        RenderedManifests.typed(
            RenderedManifests.documents(
                    "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n"
                        + "    - name: c\n      image: i\n      imagePullPolicyy: Always\n")
                .get(0));

    assertThat(StrictModel.unknownFields(pod))
        .containsExactly("spec.containers[0]: unknown field(s) [imagePullPolicyy]");
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void everyNamespacedObjectIsInOneOfPeerfixsThreeNamespaces(Path k) {
    assertThat(of(k, Namespace.class))
        .extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder(BOT_NS, AGENT_NS, PROBE_NS);
    assertThat(RenderedManifests.render(k))
        .filteredOn(o -> o.getMetadata().getNamespace() != null)
        .allSatisfy(
            o -> assertThat(o.getMetadata().getNamespace()).isIn(BOT_NS, AGENT_NS, PROBE_NS));
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void probePodsAndTheBotLiveInNamespacesThatEnforceTheRestrictedStandard(Path k) {
    for (String ns : List.of(BOT_NS, PROBE_NS)) {
      assertThat(named(k, Namespace.class, ns).getMetadata().getLabels())
          .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    }
    assertThat(env(botPod(k).getContainers().get(0), "PEERFIX_PROBE_NAMESPACE"))
        .isEqualTo(PROBE_NS);
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theBotTheAgentAndTheProbePodsRunOneImageReference(Path k) {
    String agentImage = agentPod(k).getContainers().get(0).getImage();
    ConfigMap images = named(k, ConfigMap.class, "peerfix-images");

    assertThat(botPod(k).getContainers().get(0).getImage()).isEqualTo(agentImage);
    assertThat(images.getData()).containsEntry("probe", agentImage);
    assertThat(images.getMetadata().getNamespace()).isEqualTo(BOT_NS);
    assertThat(
            botPod(k).getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("PEERFIX_PROBE_IMAGE"))
                .map(e -> e.getValueFrom().getConfigMapKeyRef())
                .toList())
        .singleElement()
        .satisfies(
            ref -> {
              assertThat(ref.getName()).isEqualTo("peerfix-images");
              assertThat(ref.getKey()).isEqualTo("probe");
            });
  }

  @Test
  void theEksOverlaySetsItsRegistrysImageEverywhere() {
    Path eks = RenderedManifests.INFRA.resolve("overlays/eks");

    assertThat(named(eks, ConfigMap.class, "peerfix-images").getData().get("probe"))
        .startsWith("111122223333.dkr.ecr.us-east-1.amazonaws.com/peerfix");
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theBotRunsTwoReplicasWithHealthProbesResourcesAndADisruptionBudget(Path k) {
    Deployment bot = named(k, Deployment.class, "peerfix-bot");
    Container c = bot.getSpec().getTemplate().getSpec().getContainers().get(0);
    PodDisruptionBudget pdb = named(k, PodDisruptionBudget.class, "peerfix-bot");

    assertThat(bot.getSpec().getReplicas()).isEqualTo(2);
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(c.getResources().getLimits()).containsKey("memory");
    assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(1);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(bot.getSpec().getSelector().getMatchLabels());
    assertThat(bot.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsEntry("prometheus.io/scrape", "true")
        .containsEntry("prometheus.io/path", "/metrics");
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theBotsNetworkPolicySelectsItsPodsAndLimitsBothDirections(Path k) {
    NetworkPolicy policy = named(k, NetworkPolicy.class, "peerfix-bot");
    Deployment bot = named(k, Deployment.class, "peerfix-bot");

    assertThat(policy.getMetadata().getNamespace()).isEqualTo(BOT_NS);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(bot.getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(policy.getSpec().getEgress())
        .flatExtracting(r -> r.getPorts())
        .extracting(p -> p.getPort().getIntVal())
        .containsExactlyInAnyOrder(53, 53, 443, 6443);
  }

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theAgentIsOnEveryNodeWithAPriorityClassTheHostsXtablesLockAndAReadOnlyRoot(Path k) {
    PodSpec agent = agentPod(k);
    Container c = agent.getContainers().get(0);

    assertThat(agent.getTolerations())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getKey()).isNull();
              assertThat(t.getEffect()).isNull();
            });
    assertThat(named(k, PriorityClass.class, agent.getPriorityClassName()).getValue()).isPositive();
    assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(c.getVolumeMounts())
        .anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/run/xtables.lock"));
    assertThat(agent.getVolumes())
        .anySatisfy(
            v -> {
              assertThat(v.getHostPath().getPath()).isEqualTo("/run/xtables.lock");
              assertThat(v.getHostPath().getType()).isEqualTo("FileOrCreate");
            });
    assertThat(c.getEnv())
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("NODE_NAME");
              assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
            });
  }

  @Test
  void theCrdDefinesTheNodeNetworkFactsResourceTheReaderLists() {
    CustomResourceDefinition crd =
        named(
            RenderedManifests.INFRA.resolve("base"),
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

  @ParameterizedTest
  @MethodSource("kustomizations")
  void theAdmissionPolicyHoldsTheAgentsWritesToItsOwnNode(Path k) {
    ValidatingAdmissionPolicy policy =
        named(k, ValidatingAdmissionPolicy.class, "peerfix-agent-own-node");
    ValidatingAdmissionPolicyBinding binding =
        named(k, ValidatingAdmissionPolicyBinding.class, "peerfix-agent-own-node");
    DaemonSet agent = named(k, DaemonSet.class, "peerfix-agent");
    String agentUser =
        "system:serviceaccount:"
            + agent.getMetadata().getNamespace()
            + ":"
            + agent.getSpec().getTemplate().getSpec().getServiceAccountName();

    assertThat(binding.getSpec().getPolicyName()).isEqualTo("peerfix-agent-own-node");
    assertThat(binding.getSpec().getValidationActions()).containsExactly("Deny");
    assertThat(policy.getSpec().getFailurePolicy()).isEqualTo("Fail");
    assertThat(policy.getSpec().getMatchConstraints().getResourceRules())
        .flatExtracting(r -> r.getResources())
        .contains(NodeNetworkFactsResource.PLURAL, KubernetesFixStore.STATUSES.getPlural());
    assertThat(policy.getSpec().getMatchConditions())
        .singleElement()
        .satisfies(m -> assertThat(m.getExpression()).contains('"' + agentUser + '"'));
    assertThat(policy.getSpec().getVariables())
        .anySatisfy(
            v ->
                assertThat(v.getExpression())
                    .contains(
                        "request.userInfo.extra[\"authentication.kubernetes.io/node-name\"]"));
    assertThat(binding.getSpec().getMatchResources().getNamespaceSelector().getMatchLabels())
        .isEqualTo(Map.of("kubernetes.io/metadata.name", agent.getMetadata().getNamespace()));
  }
}
