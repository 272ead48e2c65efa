package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.peerfix.aws.AwsStubs;
import io.peerfix.aws.AwsTestCredentials;
import io.peerfix.common.UserInputException;
import io.peerfix.config.ConfigException;
import io.peerfix.fixstore.KubernetesFixStore;
import io.peerfix.k8s.FakeKubelet;
import io.peerfix.k8s.MockKubeconfig;
import io.peerfix.orchestration.ClusterDiagnosisIT;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code peerfix serve --config FILE} for a cluster, through the front door: the configuration file
 * (targets, cluster, aws, slack), Slack's secrets from the environment, the Kubernetes API served
 * by the fabric8 mock server (CRUD mode, with the fake kubelet answering probe pods), EC2 and RDS
 * by WireMock from real XML, the Slack Web API by WireMock, slash commands and button presses
 * signed as Slack signs them. Bad configuration fails at start naming the key; no secret is logged.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(AwsTestCredentials.class)
class ServeConfigIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NS = "peerfix-test-probes";
  private static final String AGENT_NS = "peerfix-test-agent";
  private static final String CHANNEL = "C2147483705"; // the fixtures' channel
  private static final String APPROVER = "U0APPROVER";
  private static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  private static PrintStream originalErr;

  @RegisterExtension
  static WireMockExtension aws =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  KubernetesClient client;
  @TempDir Path dir;
  private Path kubeconfig;
  private SlackKit slack;
  private FakeKubelet kubelet;
  private Serve.Running running;

  @BeforeAll
  static void captureTheLog() {
    originalErr = System.err;
    System.setErr(new PrintStream(new Tee(LOG, originalErr), true, StandardCharsets.UTF_8));
  }

  @AfterAll
  static void restoreTheLog() {
    System.setErr(originalErr);
  }

  @BeforeEach
  void cluster() throws Exception {
    AwsStubs.seedAccount(aws);
    slack = new SlackKit();
    kubelet = ClusterDiagnosisIT.cluster(client, NS, AGENT_NS, true);
    kubeconfig = dir.resolve("kubeconfig");
    MockKubeconfig.write(kubeconfig, client);
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.close();
    }
    kubelet.close();
    slack.close();
  }

  private Path config(String slackSection) throws Exception {
    Path file = dir.resolve("peerfix.yaml");
    Files.writeString(
        file,
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
          users: [%s]
        %s
        """
            .formatted(AwsStubs.CLUSTER_VPC, NS, AGENT_NS, aws.baseUrl(), APPROVER, slackSection));
    return file;
  }

  private Map<String, String> environment() {
    return Map.of(
        SlackSettings.BOT_TOKEN, SlackKit.BOT_TOKEN,
        SlackSettings.SIGNING_SECRET, SlackKit.SIGNING_SECRET,
        SlackSettings.API_URL, slack.apiUrl());
  }

  private Serve.Request request(Path config) {
    return new Serve.Request(
        "127.0.0.1",
        OptionalInt.of(0),
        0,
        false,
        "unused",
        Optional.of(config),
        Optional.of(kubeconfig),
        Duration.ofSeconds(2));
  }

  private List<GenericKubernetesResource> nodeFixes() {
    return client
        .genericKubernetesResources(KubernetesFixStore.FIXES)
        .inNamespace(AGENT_NS)
        .list()
        .getItems();
  }

  @Test
  void aDiagnosisInTheClusterOffersTheFixStoredAsANodeFixAndAnApproverApprovesIt()
      throws Exception {
    running = Serve.start(request(config("slack:\n  channels: [" + CHANNEL + "]")), environment());

    slack.postSigned(running.port(), SlackKit.slashCommand("diagnose orders"));

    await().atMost(Duration.ofSeconds(60)).until(() -> slack.resultUpdate("orders").isPresent());
    JsonNode blocks = JSON.readTree(SlackKit.param(slack.resultUpdate("orders").get(), "blocks"));
    assertThat(SlackHttpTest.texts(blocks.toString()))
        .contains("orders: POD_SOURCE_NOT_MASQUERADED");
    assertThat(nodeFixes()).hasSize(1);
    String fix = nodeFixes().get(0).getMetadata().getName();
    String value =
        blocks.findValues("elements").stream()
            .flatMap(e -> java.util.stream.StreamSupport.stream(e.spliterator(), false))
            .filter(e -> FixBlocks.APPROVE.equals(e.path("action_id").asText()))
            .findFirst()
            .orElseThrow()
            .path("value")
            .asText();
    assertThat(FixButton.parse(value).orElseThrow().fix()).isEqualTo(fix);

    slack.postSigned(running.port(), press(APPROVER, value, blocks));

    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                slack.calls("chat.update").stream()
                    .anyMatch(
                        r ->
                            SlackHttpTest.texts(SlackKit.param(r, "blocks"))
                                .contains("Approved by <@" + APPROVER + ">")));
    KubernetesFixStore store = new KubernetesFixStore(client, AGENT_NS, Optional.empty());
    assertThat(store.get(fix).orElseThrow().value().approval().orElseThrow().by())
        .isEqualTo(APPROVER);
    assertThat(LOG.toString(StandardCharsets.UTF_8))
        .doesNotContain(SlackKit.BOT_TOKEN, SlackKit.SIGNING_SECRET, "botSecretTokenValue");
  }

  @Test
  void aCommandOutsideTheConfiguredChannelsIsAnsweredWithWhereToAsk() throws Exception {
    running = Serve.start(request(config("slack:\n  channels: [C0OTHER01]")), environment());

    String ack = slack.postSigned(running.port(), SlackKit.slashCommand("diagnose orders")).body();

    assertThat(JSON.readTree(ack).path("text").asText()).contains("<#C0OTHER01>");
    assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
  }

  @Test
  void aSecretInTheFileFailsAtStartNamingTheKeyAndTheVariableWithoutShowingIt() throws Exception {
    Path file = config("slack:\n  botToken: xoxb-9999-written-in-the-file");

    assertThatThrownBy(() -> Serve.start(request(file), environment()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("slack.botToken")
        .hasMessageContaining("SLACK_BOT_TOKEN")
        .hasMessageNotContaining("xoxb-9999");
    assertThat(slack.calls("auth.test")).isEmpty();
  }

  @Test
  void aMalformedChannelFailsAtStartWithItsLine() throws Exception {
    Path file = config("slack:\n  channels: [oncall]");

    assertThatThrownBy(() -> Serve.start(request(file), environment()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(file + ":16: slack.channels");
  }

  @Test
  void aMissingSigningSecretFailsAtStartNamingTheKey() throws Exception {
    Path file = config("");
    Map<String, String> env =
        Map.of(SlackSettings.BOT_TOKEN, SlackKit.BOT_TOKEN, SlackSettings.API_URL, slack.apiUrl());

    assertThatThrownBy(() -> Serve.start(request(file), env))
        .isInstanceOf(UserInputException.class)
        .hasMessageContaining("SLACK_SIGNING_SECRET is not set");
    assertThat(nodeFixes()).isEmpty();
  }

  private static String press(String user, String value, JsonNode blocks) {
    return SlackKit.interaction(SlackKit.press(FixBlocks.APPROVE, user, value, blocks));
  }

  /** Writes to both streams: the captured log and the console. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
