package io.peerfix.orchestration;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.peerfix.aws.AwsStubs.CLUSTER_VPC;
import static io.peerfix.aws.AwsStubs.DB_GROUP;
import static io.peerfix.aws.AwsStubs.DB_HOST;
import static io.peerfix.aws.AwsStubs.action;
import static io.peerfix.aws.AwsStubs.ok;
import static io.peerfix.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.aws.AwsStubs;
import io.peerfix.aws.AwsTestCredentials;
import io.peerfix.cli.Main;
import io.peerfix.k8s.FakeKubelet;
import io.peerfix.k8s.MockKubeconfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peerfix diagnose TARGET --config FILE --kubeconfig FILE} as a user runs it (through {@link
 * Main}), against the fabric8 mock server (CRUD mode, with the fake kubelet) named by a kubeconfig
 * file and EC2/RDS served by WireMock from real XML, reached through {@code aws.endpoint}; AWS
 * credentials come from the SDK's default chain (its system properties here). The answers are the
 * lab's for the same incidents (see ClusterDiagnosisIT for the cluster and account).
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(AwsTestCredentials.class)
class DiagnoseConfigIT {
  private static final String NS = "peerfix-test-probes";
  private static final String AGENT_NS = "peerfix-test-agent";

  @RegisterExtension
  static WireMockExtension aws =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  KubernetesClient client;
  @TempDir Path dir;
  private Path kubeconfig;

  @BeforeEach
  void seedAccountAndPointAKubeconfigAtTheMockServer() throws Exception {
    AwsStubs.seedAccount(aws);
    kubeconfig = dir.resolve("kubeconfig");
    MockKubeconfig.write(kubeconfig, client);
  }

  private Path config(String database) throws Exception {
    return config(database, aws.baseUrl());
  }

  private Path config(String database, String awsEndpoint) throws Exception {
    Path file = dir.resolve("peerfix.yaml");
    Files.writeString(
        file,
        """
        targets:
          - name: orders
            %s
            protocol: postgres
        cluster:
          vpcId: %s
          probeNamespace: %s
          agentNamespace: %s
          probeImage: ghcr.io/peerfix/peerfix:0.1.0
        aws:
          region: us-east-1
          endpoint: %s
        """
            .formatted(database, CLUSTER_VPC, NS, AGENT_NS, awsEndpoint));
    return file;
  }

  private record Run(int exitCode, JsonNode json, String err) {}

  private Run diagnose(boolean nodesConnect, String database) throws Exception {
    return diagnose(nodesConnect, config(database));
  }

  private Run diagnose(boolean nodesConnect, Path file) throws Exception {
    try (FakeKubelet kubelet = ClusterDiagnosisIT.cluster(client, NS, AGENT_NS, nodesConnect)) {
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int code =
          Main.run(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "diagnose",
              "orders",
              "--config",
              file.toString(),
              "--kubeconfig",
              kubeconfig.toString(),
              "--json");
      return new Run(
          code,
          out.toString().isBlank() ? null : new ObjectMapper().readTree(out.toString()),
          err.toString());
    }
  }

  @Test
  void theSeedIncidentByRdsInstanceIdIsAPodSourceNotMasqueraded() throws Exception {
    Run run = diagnose(true, "rds: orders-db");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("target").get("host").asText()).isEqualTo(DB_HOST);
    assertThat(run.json().get("rootCause").asText()).isEqualTo("POD_SOURCE_NOT_MASQUERADED");
    assertThat(run.json().get("confidence").asText()).isEqualTo("HIGH");
    assertThat(run.json().get("nodes")).hasSize(2);
    assertThat(run.json().get("fixes").get(0).get("kind").asText()).isEqualTo("NODE_NAT");
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aSecurityGroupThatDoesNotAdmitTheNodesIsTheCause() throws Exception {
    aws.stubFor(
        action("DescribeSecurityGroups")
            .withRequestBody(WireMock.containing(DB_GROUP))
            .atPriority(1)
            .willReturn(ok("ec2/describe-security-groups-old-cluster-range.xml")));

    Run run = diagnose(false, "host: " + DB_HOST + "\n    port: 5432");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("rootCause").asText())
        .as(run.json().get("evidence").toString())
        .isEqualTo("SECURITY_GROUP_BLOCKS");
    assertThat(run.json().get("fixes").get(0).get("kind").asText()).isEqualTo("AWS");
    assertThat(run.json().get("fixes").get(0).get("command").toString()).contains(DB_GROUP);
    JsonNode hop =
        java.util.stream.StreamSupport.stream(run.json().get("evidence").spliterator(), false)
            .map(e -> e.get("hop"))
            .filter(h -> !h.isNull() && h.get("outcome").asText().equals("BLOCK"))
            .findFirst()
            .orElseThrow();
    assertThat(hop.get("hop").asText()).isEqualTo("TARGET_SECURITY_GROUP_IN");
    assertThat(hop.get("resourceIds")).extracting(JsonNode::asText).containsExactly(DB_GROUP);
  }

  @Test
  void aDeniedEc2CallStillAnswersAndNamesTheMissingIamAction() throws Exception {
    aws.stubFor(
        action("DescribeRouteTables")
            .atPriority(1)
            .willReturn(xml(403, "ec2/error-unauthorized.xml")));

    Run run = diagnose(true, "host: " + DB_HOST + "\n    port: 5432");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("rootCause").asText()).isEqualTo("POD_SOURCE_NOT_MASQUERADED");
    assertThat(run.json().get("confidence").asText()).isEqualTo("MEDIUM");
    assertThat(run.json().get("evidence").toString()).contains("ec2:DescribeRouteTables");
  }

  /** An address on loopback where nothing listens: AWS that cannot be reached. */
  private static String closedEndpoint() throws Exception {
    try (java.net.ServerSocket socket =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void anRdsInstanceIdWhenRdsCannotBeReachedFailsNamingRdsAndWhereItWasSought() throws Exception {
    String endpoint = closedEndpoint();

    Run run = diagnose(true, config("rds: orders-db", endpoint));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
    assertThat(run.json()).isNull();
    assertThat(run.err())
        .startsWith(
            "peerfix: cannot look up the RDS instance orders-db of target 'orders': AWS RDS could"
                + " not be reached at "
                + endpoint
                + " (connection refused)");
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aHostTargetWhenAwsCannotBeReachedIsAnsweredWithEc2AndRdsNamedUnreachable() throws Exception {
    String endpoint = closedEndpoint();

    Run run = diagnose(true, config("host: " + DB_HOST + "\n    port: 5432", endpoint));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json().get("rootCause").asText()).isEqualTo("POD_SOURCE_NOT_MASQUERADED");
    assertThat(run.json().get("confidence").asText()).isEqualTo("MEDIUM");
    assertThat(run.json().get("evidence").toString())
        .contains("AWS EC2 could not be reached at " + endpoint + " (connection refused)")
        .contains("AWS RDS could not be reached at " + endpoint + " (connection refused)");
  }

  @Test
  void anUnknownConfigurationKeyExitsTwoWithItsLineBeforeAnythingIsCalled() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "aws:\n  regoin: us-east-1\n");
    StringWriter err = new StringWriter();

    int code =
        Main.run(
            new PrintWriter(new StringWriter(), true),
            new PrintWriter(err, true),
            "diagnose",
            "orders",
            "--config",
            file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(file + ":2: aws.regoin: unknown key");
    assertThat(aws.getAllServeEvents()).isEmpty();
  }
}
