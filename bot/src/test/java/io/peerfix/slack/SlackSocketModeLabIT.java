package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.peerfix.slack.LabSlackChecks.LAB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.lab.ScenarioCatalog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on the lab over Socket Mode, the bot's default transport: {@code
 * apps.connections.open} (WireMock) hands out a local WebSocket end ({@link FakeSocketMode}) that
 * delivers {@code /peerfix diagnose rds-prod} and then an approver's press as Slack's envelopes do,
 * and receives the bot's acks; the Web API is WireMock, the lab is the real kernel with its fix
 * agents. On seed-incident the message names POD_SOURCE_NOT_MASQUERADED with an Approve button, the
 * press is acked over the socket, the agents apply the fix, the pods reach the database with the
 * node's address and the message ends "verified". Needs root (network namespaces).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackSocketModeLabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUESTER = "U2147483697"; // the slash command fixture's user_id
  private static final String APPROVER = "U0APPROVER";
  private static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of(APPROVER), Set.of(), false, Duration.ofMinutes(30));

  private static final List<String> LABS = new ArrayList<>();
  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static String seed;
  private static SlackKit slack;
  private static FakeSocketMode socket;

  private static String fixName;
  private static String digest;
  private static JsonNode shownBlocks;

  @BeforeAll
  static void up() throws Exception {
    slack = new SlackKit();
    OPEN.add(slack);
    socket = FakeSocketMode.startOnLoopback();
    OPEN.add(socket);
    slack.api.stubFor(
        post(urlEqualTo("/api/apps.connections.open"))
            .willReturn(okJson("{\"ok\":true,\"url\":\"" + socket.url() + "\"}")));
    seed = LabSlackChecks.uniqueName("pfsm");
    LABS.add(seed); // before it is built, so a lab half built is torn down too
    LAB.up(
        seed, ScenarioCatalog.builtIn("seed-incident"), ScenarioCatalog.text("seed-incident"), 2);
    PeerfixListeners listeners = LabSlackChecks.labListeners(seed, POLICY);
    OPEN.add(listeners);
    SlackSettings settings =
        SlackSettings.fromEnvironment(
            Map.of(
                SlackSettings.BOT_TOKEN, SlackKit.BOT_TOKEN,
                SlackSettings.APP_TOKEN, SlackKit.APP_TOKEN,
                SlackSettings.API_URL, slack.apiUrl()),
            true);
    OPEN.add(
        SlackBot.start(settings, new ServeOptions("127.0.0.1", OptionalInt.empty(), 0), listeners));
  }

  @AfterAll
  static void down() throws Exception {
    Exception first = null;
    for (int i = OPEN.size() - 1; i >= 0; i--) {
      try {
        OPEN.get(i).close();
      } catch (Exception e) {
        first = first == null ? e : first;
      }
    }
    for (String name : LABS) {
      LAB.down(name);
    }
    if (first != null) {
      throw first;
    }
  }

  @Test
  @Order(1)
  void diagnoseOverTheSocketIsAckedInTimeAndTheMessageNamesTheCauseWithAnApproveButton()
      throws Exception {
    ObjectNode envelope = (ObjectNode) JSON.readTree(SlackKit.fixture("socket-slash-command.json"));
    String id = UUID.randomUUID().toString();
    envelope.put("envelope_id", id);
    ((ObjectNode) envelope.path("payload")).put("text", "diagnose rds-prod");

    long sent = System.nanoTime();
    socket.deliver(JSON.writeValueAsString(envelope));
    JsonNode ack = awaitAck(id);
    Duration toAck = Duration.ofNanos(System.nanoTime() - sent);

    assertThat(toAck).isLessThan(Duration.ofSeconds(3));
    assertThat(ack.path("payload").path("text").asText()).contains("Diagnosing *rds-prod*");
    await().atMost(Duration.ofSeconds(60)).until(() -> slack.resultUpdate("rds-prod").isPresent());
    JsonNode blocks = JSON.readTree(SlackKit.param(slack.resultUpdate("rds-prod").get(), "blocks"));
    assertThat(SlackHttpTest.texts(blocks.toString()))
        .contains("rds-prod: POD_SOURCE_NOT_MASQUERADED", "-d 10.0.5.20/32");
    JsonNode approve = LabSlackChecks.button(blocks, FixBlocks.APPROVE).orElseThrow();
    FixButton value = FixButton.parse(approve.path("value").asText()).orElseThrow();
    fixName = value.fix();
    digest = value.digest();
    FixRecord stored = LabSlackChecks.store(seed).get(fixName).orElseThrow().value();
    assertThat(stored.state()).isEqualTo(FixState.PROPOSED);
    assertThat(stored.digest()).isEqualTo(digest);
    assertThat(stored.requester()).isEqualTo(REQUESTER);
    for (String node : List.of("node1", "node2")) {
      assertThat(LabSlackChecks.natRules(seed, node)).noneMatch(l -> l.contains("peerfix:"));
    }
    shownBlocks = blocks;
  }

  @Test
  @Order(2)
  void anApproversPressOverTheSocketAppliesTheFixOnTheNodesAndTheMessageEndsVerified()
      throws Exception {
    String id = UUID.randomUUID().toString();

    socket.deliver(pressEnvelope(id, APPROVER, new FixButton(fixName, digest).value()));

    assertThat(awaitAck(id).path("envelope_id").asText()).isEqualTo(id);
    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> slack.lastUpdateTexts().contains("verified"));
    assertThat(slack.lastUpdateTexts())
        .contains(
            "Approved by <@" + APPROVER + ">",
            "APPLIED: 2",
            "verified: pods reach the target",
            "rds-prod: POD_SOURCE_NOT_MASQUERADED");
    assertThat(SlackKit.param(slack.lastUpdate(), "blocks")).doesNotContain(FixBlocks.APPROVE);
    FixRecord stored = LabSlackChecks.store(seed).get(fixName).orElseThrow().value();
    assertThat(stored.state()).isEqualTo(FixState.VERIFIED);
    assertThat(stored.events().stream().filter(e -> e.kind().name().equals("APPROVED")).count())
        .isEqualTo(1);
    for (String node : List.of("node1", "node2")) {
      assertThat(LabSlackChecks.natRules(seed, node))
          .anyMatch(l -> l.contains("peerfix:" + fixName));
    }
    assertThat(LabSlackChecks.databaseSeesPod1(seed)).isEqualTo("172.20.1.10");
  }

  /** The bot's ack of envelope {@code id} over the socket, once it has come. */
  private static JsonNode awaitAck(String id) {
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> ackOf(id).isPresent());
    return ackOf(id).orElseThrow();
  }

  private static Optional<JsonNode> ackOf(String id) {
    return socket.received.stream()
        .map(LabSlackChecks::json)
        .filter(m -> id.equals(m.path("envelope_id").asText()))
        .findFirst();
  }

  /**
   * An {@code interactive} envelope as Slack sends it over the socket: the block_actions payload of
   * the fixture, {@code user} pressing Approve with {@code value} on the message shown.
   */
  private static String pressEnvelope(String id, String user, String value) throws Exception {
    JsonNode payload = JSON.readTree(SlackKit.press(FixBlocks.APPROVE, user, value, shownBlocks));
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("envelope_id", id);
    envelope.set("payload", payload);
    envelope.put("type", "interactive");
    envelope.put("accepts_response_payload", false);
    return JSON.writeValueAsString(envelope);
  }
}
