package io.peerfix.orchestration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.peerfix.aws.AwsStubs.CLUSTER_VPC;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.aws.AwsStubs;
import io.peerfix.aws.AwsTestCredentials;
import io.peerfix.cli.Main;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.fixstore.NodeFixLabels;
import io.peerfix.k8s.FakeKubelet;
import io.peerfix.k8s.MockKubeconfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peerfix fix plan|approve|list|show|revert --config FILE --kubeconfig FILE} as a user runs
 * them, against the fabric8 mock server (CRUD mode, with the fake kubelet) and EC2/RDS from
 * WireMock: the proposal is a NodeFix object labelled for the agents' filtered watches, the
 * approval rules are the configuration file's, and every proposal, refusal, approval and revert is
 * a Kubernetes Event on the NodeFix naming who, when and the digest.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(AwsTestCredentials.class)
class FixConfigIT {
  /** The agents' namespace: the fixes and their events. */
  private static final String NS = "peerfix-test-agent";

  private static final String PROBE_NS = "peerfix-test-probes";
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static WireMockExtension aws =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  KubernetesClient client;
  @TempDir Path dir;
  private Path kubeconfig;
  private Path config;

  @BeforeEach
  void anAccountAClusterAndAConfiguration() throws Exception {
    AwsStubs.seedAccount(aws);
    kubeconfig = dir.resolve("kubeconfig");
    MockKubeconfig.write(kubeconfig, client);
    config = dir.resolve("peerfix.yaml");
    Files.writeString(
        config,
        """
        targets:
          - name: orders
            rds: orders-db
            protocol: postgres
        cluster:
          vpcId: %s
          probeNamespace: %s
          agentNamespace: %s
          probeImage: ghcr.io/peerfix/peerfix:0.1.0
        aws:
          region: us-east-1
          endpoint: %s
        approvers:
          users: [U-ALICE]
        approvalTtl: 15m
        """
            .formatted(CLUSTER_VPC, PROBE_NS, NS, aws.baseUrl()));
  }

  private record Run(int exitCode, String out, String err) {
    JsonNode json() throws Exception {
      return JSON.readTree(out);
    }
  }

  private Run peerfix(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 4];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    all[args.length + 2] = "--kubeconfig";
    all[args.length + 3] = kubeconfig.toString();
    int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
    return new Run(code, out.toString(), err.toString());
  }

  private JsonNode plan() throws Exception {
    try (FakeKubelet kubelet = ClusterDiagnosisIT.cluster(client, PROBE_NS, NS, true)) {
      Run run = peerfix("fix", "plan", "orders", "--as", "U-BOB", "--json");
      assertThat(run.exitCode()).as(run.err()).isZero();
      return run.json();
    }
  }

  private List<Event> events(String fix) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> e.getInvolvedObject().getName().equals(fix))
        .sorted(Comparator.comparing(Event::getEventTime, Comparator.comparing(t -> t.getTime())))
        .toList();
  }

  @Test
  void planStoresTheProposalAsANodeFixLabelledForEveryNodesAgent() throws Exception {
    JsonNode plan = plan();

    assertThat(plan.get("state").asText()).isEqualTo("PROPOSED");
    assertThat(plan.get("digest").asText()).startsWith("sha256:");
    assertThat(plan.get("rules").get(0).get("action").asText()).isEqualTo("MASQUERADE");
    assertThat(plan.get("nodes")).hasSize(2);
    GenericKubernetesResource stored =
        client
            .genericKubernetesResources(KubernetesFixStore.FIXES)
            .inNamespace(NS)
            .withName(plan.get("name").asText())
            .get();
    assertThat(stored.getMetadata().getLabels())
        .containsEntry(NodeFixLabels.SCOPE, NodeFixLabels.EVERY_NODE)
        .containsEntry(NodeFixLabels.STATE, "PROPOSED");
    assertThat(events(plan.get("name").asText()))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getReason()).isEqualTo("Proposed");
              assertThat(e.getType()).isEqualTo("Normal");
              assertThat(e.getMetadata().getAnnotations())
                  .containsEntry("peerfix.io/actor", "U-BOB")
                  .containsEntry("peerfix.io/digest", plan.get("digest").asText());
              assertThat(e.getInvolvedObject().getUid()).isEqualTo(stored.getMetadata().getUid());
            });
  }

  @Test
  void refusalsApprovalAndRevertAreEachRecordedAndAnEvent() throws Exception {
    JsonNode plan = plan();
    String name = plan.get("name").asText();
    String digest = plan.get("digest").asText();

    Run stranger =
        peerfix("fix", "approve", name, "--digest", digest, "--as", "U-EVE", "--no-wait");
    Run self = peerfix("fix", "approve", name, "--digest", digest, "--as", "U-BOB", "--no-wait");
    Run approved =
        peerfix(
            "fix", "approve", name, "--digest", digest, "--as", "U-ALICE", "--no-wait", "--json");
    Run again =
        peerfix(
            "fix", "approve", name, "--digest", digest, "--as", "U-ALICE", "--no-wait", "--json");

    assertThat(stranger.exitCode()).as(stranger.err()).isEqualTo(3);
    assertThat(self.exitCode()).as(self.err()).isEqualTo(3);
    assertThat(approved.exitCode()).as(approved.err()).isZero();
    assertThat(approved.json().get("state").asText()).isEqualTo("APPROVED");
    assertThat(again.exitCode()).isZero();
    assertThat(again.json().get("events")).hasSize(approved.json().get("events").size());

    Run revert = peerfix("fix", "revert", name, "--as", "U-ALICE", "--no-wait", "--json");
    assertThat(revert.exitCode()).as(revert.err()).isZero();
    assertThat(revert.json().get("state").asText()).isEqualTo("REVERTED");

    assertThat(events(name))
        .extracting(Event::getReason)
        .containsExactly("Proposed", "Refused", "Refused", "Approved", "Reverted");
    assertThat(events(name))
        .extracting(e -> e.getMetadata().getAnnotations().get("peerfix.io/actor"))
        .containsExactly("U-BOB", "U-EVE", "U-BOB", "U-ALICE", "U-ALICE");
    assertThat(events(name)).allSatisfy(e -> assertThat(e.getMessage()).contains(digest));
    assertThat(events(name).get(1).getType()).isEqualTo("Warning");
  }

  @Test
  void listAndShowReadTheClustersFixesWithTheirNodeStates() throws Exception {
    JsonNode plan = plan();

    Run list = peerfix("fix", "list", "--json");
    Run show = peerfix("fix", "show", plan.get("name").asText(), "--json");

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.json())
        .singleElement()
        .satisfies(f -> assertThat(f.get("digest")).isEqualTo(plan.get("digest")));
    assertThat(show.json().get("nodes").properties())
        .allSatisfy(node -> assertThat(node.getValue().asText()).isEqualTo("PENDING"));
  }

  @Test
  void kubeconfigWithoutConfigAndNoPlaceAtAllAreBadInput() {
    StringWriter err = new StringWriter();
    int none =
        Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), "fix", "list");
    assertThat(none).isEqualTo(2);
    assertThat(err.toString()).contains("--config FILE").contains("--lab");
  }
}
