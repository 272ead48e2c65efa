package io.peerfix.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.k8s.MockKubeconfig;
import io.peerfix.k8s.NodeNetworkFactsResource;
import io.peerfix.testing.LabNodeWithFix;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code peerfix agent run --kubeconfig FILE --fix-namespace NS --once} in a cluster: the API
 * server is the fabric8 mock server (CRUD mode); the node is a network namespace built like a
 * kubenet node, where the agent's commands run (the agent itself stays in the test's process, so it
 * reaches the mock server on loopback). The agent finds its Node, watches only the fixes that
 * concern it, applies the approved one, writes its own NodeFixStatus owned by its Node and
 * publishes its NodeNetworkFacts.
 */
@EnableKubernetesMockClient(crud = true)
class AgentClusterIT {
  private static final String NS = "peerfix-agent";
  private static final String NODE = LabNodeWithFix.NODE;
  private static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of("U-ALICE"), Set.of(), false, Duration.ofMinutes(30));

  KubernetesMockServer server;
  KubernetesClient client;
  @TempDir Path dir;
  private LabNodeWithFix node;
  private Path kubeconfig;
  private String nodeUid;

  @BeforeEach
  void aNodeAndItsNamespace() throws Exception {
    node =
        LabNodeWithFix.builder()
            .store(new KubernetesFixStore(client, NS, Optional.empty()))
            .policy(POLICY)
            .clock(Clock.fixed(Instant.now(), ZoneOffset.UTC))
            .build();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName(NODE)
                .withLabels(Map.of("pool", "general"))
                .endMetadata()
                .build())
        .create();
    nodeUid = client.nodes().withName(NODE).get().getMetadata().getUid();
    kubeconfig = dir.resolve("kubeconfig");
    MockKubeconfig.write(kubeconfig, client);
  }

  @AfterEach
  void removeTheNode() {
    if (node != null) {
      node.close();
    }
  }

  private FixRecord approvedFor(NodeSelector selector, String... nodes) {
    return node.approve(FixFixtures.RDS_RULE, selector, nodes);
  }

  private int agentOnce() {
    return new CommandLine(new RunCommand(node.inside(), Clock.systemUTC()))
        .execute(
            "--kubeconfig",
            kubeconfig.toString(),
            "--node-name",
            NODE,
            "--fix-namespace",
            NS,
            "--lock-file",
            node.lock().toString(),
            "--once");
  }

  private List<String> requests() throws InterruptedException {
    List<String> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      all.add(r.getMethod() + " " + r.getPath());
    }
    return all;
  }

  private GenericKubernetesResource status(FixRecord fix) {
    return client
        .genericKubernetesResources(KubernetesFixStore.STATUSES)
        .inNamespace(NS)
        .withName(fix.name() + "." + NODE)
        .get();
  }

  private String nat() {
    return node.nat();
  }

  @SuppressWarnings("unchecked")
  private static String state(GenericKubernetesResource status) {
    return ((Map<String, Object>) status.getAdditionalProperties().get("spec"))
        .get("state")
        .toString();
  }

  @Test
  void anApprovedFixIsAppliedAndItsStatusIsOwnedByTheNode() throws Exception {
    FixRecord fix = approvedFor(NodeSelector.all(), NODE, "ip-172-20-1-11");

    assertThat(agentOnce()).isZero();

    GenericKubernetesResource status = status(fix);
    assertThat(state(status)).isEqualTo("APPLIED");
    assertThat(status.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Node");
              assertThat(o.getUid()).isEqualTo(nodeUid);
            });
    assertThat(nat()).contains("-j PEERFIX-POSTROUTING").contains("peerfix:" + fix.name() + ":");
  }

  @Test
  void theAgentPublishesItsNodesFactsOwnedByTheNode() {
    assertThat(agentOnce()).isZero();

    GenericKubernetesResource facts =
        client
            .genericKubernetesResources(NodeNetworkFactsResource.CONTEXT)
            .inNamespace(NS)
            .withName(NODE)
            .get();
    assertThat(facts).isNotNull();
    assertThat(facts.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getUid()).isEqualTo(nodeUid));
  }

  @Test
  void aFixForOtherNamedNodesNeverReachesThisAgentAndNothingIsListedWhole() throws Exception {
    FixRecord other = approvedFor(NodeSelector.named(), "ip-172-20-1-11");
    FixRecord mine = approvedFor(NodeSelector.named(), NODE);
    requests();

    assertThat(agentOnce()).isZero();

    List<String> calls = requests();
    assertThat(status(mine)).isNotNull();
    assertThat(status(other)).isNull();
    assertThat(nat()).contains("peerfix:" + mine.name() + ":").doesNotContain(other.name());
    List<String> fixReads = calls.stream().filter(c -> c.contains("/nodefixes")).toList();
    assertThat(fixReads).isNotEmpty().allSatisfy(c -> assertThat(c).contains("labelSelector="));
    assertThat(calls).noneMatch(c -> c.startsWith("GET") && c.contains("/nodefixstatuses"));
    assertThat(calls).noneMatch(c -> c.matches("GET /api/v1/nodes(\\?.*)?"));
  }

  @Test
  void aRestartedAgentFindsItsStatusAndDuplicatesNoRule() throws Exception {
    FixRecord fix = approvedFor(NodeSelector.all(), NODE);
    assertThat(agentOnce()).isZero();
    String first = nat();

    assertThat(agentOnce()).isZero();

    assertThat(nat().lines().filter(l -> l.startsWith("-A")).toList())
        .isEqualTo(first.lines().filter(l -> l.startsWith("-A")).toList());
    assertThat(state(status(fix))).isEqualTo("APPLIED");
  }

  @Test
  void anAgentForANodeTheClusterDoesNotHaveExitsTwoSayingSoBeforeTouchingIptables() {
    java.io.StringWriter err = new java.io.StringWriter();
    int code =
        io.peerfix.cli.Main.run(
            new java.io.PrintWriter(new java.io.StringWriter()),
            new java.io.PrintWriter(err, true),
            "agent",
            "run",
            "--kubeconfig",
            kubeconfig.toString(),
            "--node-name",
            "no-such-node",
            "--fix-namespace",
            NS);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no-such-node").contains("--node-name");
  }
}
