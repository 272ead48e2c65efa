package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.Versioned;
import io.peerfix.lab.Lab;
import io.peerfix.lab.ScenarioCatalog;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End to end on the lab, through the bot's HTTP front door: {@code /peerfix diagnose rds-prod} as
 * Slack sends it (signed, form-encoded), the Web API on WireMock, the lab's real kernel and its fix
 * agents. On seed-incident the message names POD_SOURCE_NOT_MASQUERADED with an Approve button;
 * refused presses change no node; an approver's press, reaching two bot replicas at once, approves
 * once, the agents apply the fix, the pods connect and the message says "verified". On sg-blocks
 * the AWS change is shown and there is no button. Needs root (network namespaces).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlackLabIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String REQUESTER = "U2147483697"; // the slash command fixture's user_id
  private static final String APPROVER = "U0APPROVER";
  private static final String STRANGER = "U0STRANGER";
  private static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of(APPROVER, REQUESTER), Set.of(), false, Duration.ofMinutes(30));

  private static final Lab LAB = LabSlackChecks.LAB;
  private static final List<String> LABS = new ArrayList<>();
  private static final List<AutoCloseable> OPEN = new ArrayList<>();
  private static String seed;
  private static String sg;
  private static SlackKit slack;

  private static String fixName;
  private static String digest;
  private static JsonNode shownBlocks;

  @BeforeAll
  static void up() {
    slack = new SlackKit();
    OPEN.add(slack);
    seed = LabSlackChecks.uniqueName("pfsl");
    LABS.add(seed);
    LAB.up(
        seed, ScenarioCatalog.builtIn("seed-incident"), ScenarioCatalog.text("seed-incident"), 2);
    sg = LabSlackChecks.uniqueName("pfsl");
    LABS.add(sg);
    LAB.up(sg, ScenarioCatalog.builtIn("sg-blocks"), ScenarioCatalog.text("sg-blocks"), 1);
  }

  @AfterAll
  static void down() throws Exception {
    for (int i = OPEN.size() - 1; i >= 0; i--) {
      OPEN.get(i).close();
    }
    for (String name : LABS) {
      LAB.down(name);
    }
  }

  /** A bot replica over lab {@code labName}, as {@code serve --lab} wires it, on a free port. */
  private static SlackBot replica(String labName) throws Exception {
    PeerfixListeners listeners = LabSlackChecks.labListeners(labName, POLICY);
    OPEN.add(listeners);
    SlackBot bot =
        SlackBot.start(
            slack.httpSettings(), new ServeOptions("127.0.0.1", OptionalInt.of(0), 0), listeners);
    OPEN.add(bot);
    return bot;
  }

  private static SlackBot seedA;
  private static SlackBot seedB;

  @Test
  @Order(1)
  void diagnoseIsAckedInTimeAndTheMessageNamesTheCauseWithAnApproveButton() throws Exception {
    seedA = replica(seed);
    seedB = replica(seed);
    long started = System.nanoTime();
    HttpResponse<String> ack =
        slack.postSigned(seedA.port(), SlackKit.slashCommand("diagnose rds-prod"));
    Duration toAck = Duration.ofNanos(System.nanoTime() - started);

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(toAck).isLessThan(Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(60)).until(() -> slack.resultUpdate("rds-prod").isPresent());
    JsonNode blocks = JSON.readTree(SlackKit.param(slack.resultUpdate("rds-prod").get(), "blocks"));
    String texts = SlackHttpTest.texts(blocks.toString());
    assertThat(texts).contains("rds-prod: POD_SOURCE_NOT_MASQUERADED", "-d 10.0.5.20/32");
    JsonNode approve = LabSlackChecks.button(blocks, FixBlocks.APPROVE).orElseThrow();
    FixButton value = FixButton.parse(approve.path("value").asText()).orElseThrow();
    fixName = value.fix();
    digest = value.digest();
    FixRecord stored = LabSlackChecks.store(seed).get(fixName).orElseThrow().value();
    assertThat(stored.state()).isEqualTo(FixState.PROPOSED);
    assertThat(stored.digest()).isEqualTo(digest);
    assertThat(stored.requester()).isEqualTo(REQUESTER);
    assertThat(approve.path("confirm").path("text").path("text").asText())
        .contains("-d 10.0.5.20/32 -o eth0 -j MASQUERADE", "2 nodes");
    shownBlocks = blocks;
  }

  @Test
  @Order(2)
  void refusedPressesAreExplainedToThePresserAndChangeNoNode() throws Exception {
    slack.postSigned(seedA.port(), press(STRANGER, new FixButton(fixName, digest).value()));
    slack.postSigned(seedA.port(), press(REQUESTER, new FixButton(fixName, digest).value()));
    String tampered = new FixButton(fixName, "sha256:" + "0".repeat(64)).value();
    slack.postSigned(seedA.port(), press(APPROVER, tampered));

    await().atMost(Duration.ofSeconds(20)).until(() -> ephemerals().size() >= 3);
    assertThat(ephemerals())
        .anyMatch(t -> t.contains("not one of the configured approvers"))
        .anyMatch(t -> t.contains("may not approve it"))
        .anyMatch(t -> t.contains("the fix changed since it was shown"));
    assertThat(LabSlackChecks.store(seed).get(fixName).orElseThrow().value().state())
        .isEqualTo(FixState.PROPOSED);
    for (String node : List.of("node1", "node2")) {
      assertThat(LabSlackChecks.natRules(seed, node)).noneMatch(l -> l.contains("peerfix:"));
    }
    assertThat(LabSlackChecks.databaseSeesPod1(seed)).isEmpty();
  }

  @Test
  @Order(3)
  void anApproversPressOnTwoReplicasApprovesOnceAndTheMessageEndsVerified() throws Exception {
    int ephemeralsBefore = ephemerals().size();
    String body = press(APPROVER, new FixButton(fixName, digest).value());
    CompletableFuture<HttpResponse<String>> one =
        CompletableFuture.supplyAsync(() -> slack.postSigned(seedA.port(), body));
    CompletableFuture<HttpResponse<String>> two =
        CompletableFuture.supplyAsync(() -> slack.postSigned(seedB.port(), body));
    assertThat(one.get().statusCode()).isEqualTo(200);
    assertThat(two.get().statusCode()).isEqualTo(200);

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> slack.lastUpdateTexts().contains("verified"));
    String last = slack.lastUpdateTexts();
    assertThat(last)
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
    assertThat(ephemerals().subList(ephemeralsBefore, ephemerals().size()))
        .singleElement()
        .satisfies(t -> assertThat(t).contains("Nothing more was done"));
    for (String node : List.of("node1", "node2")) {
      assertThat(LabSlackChecks.natRules(seed, node))
          .anyMatch(l -> l.contains("peerfix:" + fixName));
    }
    assertThat(LabSlackChecks.databaseSeesPod1(seed)).isEqualTo("172.20.1.10");
  }

  @Test
  @Order(4)
  void aSecondPressAfterTheRolloutChangesNothing() throws Exception {
    int before = ephemerals().size();
    slack.postSigned(seedA.port(), press(APPROVER, new FixButton(fixName, digest).value()));

    await().atMost(Duration.ofSeconds(20)).until(() -> ephemerals().size() > before);
    assertThat(ephemerals().get(before)).contains("is verified", "Nothing more was done");
    assertThat(
            LabSlackChecks.store(seed).get(fixName).orElseThrow().value().events().stream()
                .filter(e -> e.kind().name().equals("APPROVED"))
                .count())
        .isEqualTo(1);
  }

  @Test
  @Order(5)
  void aCauseWithNoNodeFixShowsTheAwsChangeAndNoApproveButton() throws Exception {
    SlackBot bot = replica(sg);
    slack.api.resetRequests();
    long started = System.nanoTime();
    HttpResponse<String> ack =
        slack.postSigned(bot.port(), SlackKit.slashCommand("diagnose rds-prod"));
    Duration toAck = Duration.ofNanos(System.nanoTime() - started);

    assertThat(ack.statusCode()).isEqualTo(200);
    assertThat(toAck).isLessThan(Duration.ofSeconds(3));
    await().atMost(Duration.ofSeconds(60)).until(() -> slack.resultUpdate("rds-prod").isPresent());
    String blocks = SlackKit.param(slack.resultUpdate("rds-prod").get(), "blocks");
    assertThat(SlackHttpTest.texts(blocks))
        .contains(
            "rds-prod: SECURITY_GROUP_BLOCKS",
            "aws ec2 authorize-security-group-ingress --group-id sg-rds");
    assertThat(blocks).doesNotContain(FixBlocks.APPROVE);
    assertThat(LabSlackChecks.store(sg).list()).extracting(Versioned::value).isEmpty();
  }

  private static List<String> ephemerals() {
    return slack.calls("chat.postEphemeral").stream().map(r -> SlackKit.param(r, "text")).toList();
  }

  /**
   * A block_actions payload from the fixture: {@code user} pressed Approve on the message shown.
   */
  private static String press(String user, String value) {
    return SlackKit.interaction(SlackKit.press(FixBlocks.APPROVE, user, value, shownBlocks));
  }
}
