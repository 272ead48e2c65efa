package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fixstore.LabFixStore;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Approve and Dismiss buttons through the front door: block_actions payloads as Slack sends
 * them, signed, over HTTP, decided by the real fix guard over the lab's file store, which two bot
 * replicas share.
 */
class ApprovalHttpTest {
  private static final String APPROVER = "U0APPROVER";
  private static final String REQUESTER = "U0REQUEST1";
  private static final String STRANGER = "U0STRANGER";
  private static final String GROUP_MEMBER = "U0NETOPS01";
  private static final ApprovalPolicy POLICY =
      new ApprovalPolicy(
          Set.of(APPROVER, REQUESTER), Set.of("S0NETOPS"), false, Duration.ofMinutes(30));

  @TempDir Path state;

  private SlackKit slack;
  private LabFixStore store;
  private FixGuard guard;
  private FixRecord proposal;
  private final List<HttpBot> bots = new java.util.ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    slack = new SlackKit();
    slack.api.stubFor(
        post(urlEqualTo("/api/usergroups.users.list"))
            .willReturn(okJson("{\"ok\":true,\"users\":[\"" + GROUP_MEMBER + "\"]}")));
    store = new LabFixStore(state);
    guard = new FixGuard(store, POLICY, Clock.systemUTC());
    proposal =
        guard
            .propose(
                FixFixtures.nodeFix(FixFixtures.RDS_RULE),
                NodeSelector.all(),
                FixFixtures.ALLOWED,
                Actor.user(REQUESTER))
            .record();
  }

  private HttpBot replica() throws Exception {
    LabFixStore own = new LabFixStore(state);
    HttpBot bot =
        HttpBot.start(
            slack,
            new FakeDiagnoses(),
            HttpBot.pressesOnly(new FixGuard(own, POLICY, Clock.systemUTC()), own),
            new SlackCalls(d -> {}));
    bots.add(bot);
    return bot;
  }

  @AfterEach
  void stop() throws Exception {
    for (HttpBot b : bots) {
      b.close();
    }
    slack.close();
  }

  private HttpResponse<String> approve(HttpBot bot, String user) {
    return bot.press(
        FixBlocks.APPROVE, user, new FixButton(proposal.name(), proposal.digest()).value());
  }

  private FixState stored() {
    return store.get(proposal.name()).orElseThrow().value().state();
  }

  private List<String> ephemerals() {
    return slack.calls("chat.postEphemeral").stream().map(r -> SlackKit.param(r, "text")).toList();
  }

  @Test
  void anApproversPressApprovesAndTheMessageSaysWhoWithTheButtonsGone() throws Exception {
    HttpBot bot = replica();

    HttpResponse<String> ack = approve(bot, APPROVER);

    assertThat(ack.statusCode()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(10)).until(() -> !slack.calls("chat.update").isEmpty());
    assertThat(stored()).isEqualTo(FixState.APPROVED);
    assertThat(store.get(proposal.name()).orElseThrow().value().approval().orElseThrow().by())
        .isEqualTo(APPROVER);
    String blocks = SlackKit.param(slack.calls("chat.update").get(0), "blocks");
    assertThat(SlackHttpTest.texts(blocks)).contains("Approved by <@" + APPROVER + ">");
    assertThat(blocks).doesNotContain(FixBlocks.APPROVE).contains("POD_SOURCE_NOT_MASQUERADED");
  }

  @Test
  void aGroupMemberFromUsergroupsMayApprove() throws Exception {
    HttpBot bot = replica();

    approve(bot, GROUP_MEMBER);

    await().atMost(Duration.ofSeconds(10)).until(() -> stored() == FixState.APPROVED);
    assertThat(SlackKit.param(slack.calls("usergroups.users.list").get(0), "usergroup"))
        .isEqualTo("S0NETOPS");
  }

  @Test
  void anUnauthorisedPressIsExplainedOnlyToThePresserAndChangesNothing() throws Exception {
    HttpBot bot = replica();

    approve(bot, STRANGER);

    await().atMost(Duration.ofSeconds(10)).until(() -> !ephemerals().isEmpty());
    assertThat(ephemerals().get(0)).contains("not one of the configured approvers");
    assertThat(SlackKit.param(slack.calls("chat.postEphemeral").get(0), "user"))
        .isEqualTo(STRANGER);
    assertThat(stored()).isEqualTo(FixState.PROPOSED);
    assertThat(slack.calls("chat.update")).isEmpty();
  }

  @Test
  void theRequesterMayNotApproveTheirOwnFix() throws Exception {
    HttpBot bot = replica();

    approve(bot, REQUESTER);

    await().atMost(Duration.ofSeconds(10)).until(() -> !ephemerals().isEmpty());
    assertThat(ephemerals().get(0)).contains("may not approve it");
    assertThat(stored()).isEqualTo(FixState.PROPOSED);
  }

  @Test
  void aTamperedDigestIsRefusedAndAGarbledValueIsNotOurs() throws Exception {
    HttpBot bot = replica();
    String otherDigest = "sha256:" + "0".repeat(64);

    bot.press(FixBlocks.APPROVE, APPROVER, new FixButton(proposal.name(), otherDigest).value());
    bot.press(FixBlocks.APPROVE, APPROVER, "rm -rf / ; sha256:x");

    await().atMost(Duration.ofSeconds(10)).until(() -> ephemerals().size() >= 2);
    assertThat(ephemerals())
        .anyMatch(t -> t.contains("the fix changed since it was shown"))
        .anyMatch(t -> t.contains("not made by peerfix"));
    assertThat(stored()).isEqualTo(FixState.PROPOSED);
  }

  @Test
  void aDoublePressApprovesOnce() throws Exception {
    HttpBot bot = replica();

    approve(bot, APPROVER);
    await().atMost(Duration.ofSeconds(10)).until(() -> stored() == FixState.APPROVED);
    approve(bot, APPROVER);

    await().atMost(Duration.ofSeconds(10)).until(() -> !ephemerals().isEmpty());
    assertThat(ephemerals().get(0)).contains("Nothing more was done");
    assertThat(approvals()).isEqualTo(1);
  }

  @Test
  void twoReplicasReceivingTwoPressesApproveOnce() throws Exception {
    HttpBot a = replica();
    HttpBot b = replica();
    String value = new FixButton(proposal.name(), proposal.digest()).value();
    String first = SlackKit.interaction(SlackKit.press(FixBlocks.APPROVE, APPROVER, value));
    String second = SlackKit.interaction(SlackKit.press(FixBlocks.APPROVE, "U0APPROVER", value));

    CompletableFuture<HttpResponse<String>> one =
        CompletableFuture.supplyAsync(() -> a.post(first));
    CompletableFuture<HttpResponse<String>> two =
        CompletableFuture.supplyAsync(() -> b.post(second));
    assertThat(one.get().statusCode()).isEqualTo(200);
    assertThat(two.get().statusCode()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(10)).until(() -> !ephemerals().isEmpty());
    assertThat(stored()).isEqualTo(FixState.APPROVED);
    assertThat(approvals()).isEqualTo(1);
    assertThat(ephemerals()).hasSize(1);
  }

  @Test
  void theMessageFollowsTheRolloutToVerified() throws Exception {
    HttpBot bot = replica();
    approve(bot, APPROVER);
    await().atMost(Duration.ofSeconds(10)).until(() -> stored() == FixState.APPROVED);

    FixFixtures.appliedOnEveryNode(store, proposal);
    var read = store.get(proposal.name()).orElseThrow();
    store.update(
        read.value().withState(FixState.VERIFIED).withVerification("pods on 3 nodes connect"),
        read.version());

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                slack.calls("chat.update").stream()
                    .anyMatch(
                        r ->
                            SlackHttpTest.texts(SlackKit.param(r, "blocks")).contains("verified")));
    String last =
        SlackHttpTest.texts(
            SlackKit.param(
                slack.calls("chat.update").get(slack.calls("chat.update").size() - 1), "blocks"));
    assertThat(last).contains("APPLIED: 3", "pods on 3 nodes connect");
  }

  @Test
  void anApproverMayDismissAndNothingIsApplied() throws Exception {
    HttpBot bot = replica();

    bot.press(
        FixBlocks.DISMISS, APPROVER, new FixButton(proposal.name(), proposal.digest()).value());

    await().atMost(Duration.ofSeconds(10)).until(() -> !slack.calls("chat.update").isEmpty());
    assertThat(SlackHttpTest.texts(SlackKit.param(slack.calls("chat.update").get(0), "blocks")))
        .contains("Dismissed by <@" + APPROVER + ">");
    assertThat(stored()).isEqualTo(FixState.PROPOSED);
  }

  private long approvals() {
    return store.get(proposal.name()).orElseThrow().value().events().stream()
        .filter(e -> e.kind().name().equals("APPROVED"))
        .count();
  }
}
