package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.peerfix.approval.FixGuard;
import io.peerfix.approval.FixRollout;
import io.peerfix.approval.FixVerifier;
import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.fixstore.MeteredFixStore;
import io.peerfix.metrics.PeerfixMetrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fixes' and Slack's counters on {@code /metrics}, moved through the front door: a proposal
 * through the guard, a signed Approve press over HTTP (whose message update the fake Slack API
 * refuses), the rollout to applied, and a revert, all over a metered lab fix store.
 */
class FixMetricsHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String APPROVER = "U0APPROVER";
  private static final String REQUESTER = "U0REQUEST1";
  private static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of(APPROVER), Set.of(), false, Duration.ofMinutes(30));
  private static final String FIXES = "peerfix_fixes_total{event=\"%s\"}";
  private static final String UPDATE_FAILED =
      "peerfix_api_errors_total{api=\"slack\",operation=\"chat.update\"}";

  @TempDir Path state;
  private final PeerfixMetrics metrics = PeerfixMetrics.prometheus();
  private SlackKit slack;
  private PeerfixListeners listeners;
  private SlackBot bot;

  @BeforeEach
  void start() {
    slack = new SlackKit();
    slack.api.stubFor(
        post(urlEqualTo("/api/chat.postEphemeral"))
            .willReturn(okJson("{\"ok\":true,\"message_ts\":\"1733045200.000200\"}")));
    slack.api.stubFor(
        post(urlEqualTo("/api/chat.update"))
            .willReturn(okJson("{\"ok\":false,\"error\":\"message_not_found\"}")));
  }

  @AfterEach
  void stop() throws Exception {
    if (bot != null) {
      bot.close();
    }
    if (listeners != null) {
      listeners.close();
    }
    slack.close();
  }

  @Test
  void proposedApprovedAppliedRevertedAndAFailedSlackCallEachMoveTheirCounter() throws Exception {
    FixStore store = new MeteredFixStore(new LabFixStore(state), metrics);
    FixGuard guard = new FixGuard(store, POLICY, Clock.systemUTC());
    FixRecord proposal =
        guard
            .propose(
                FixFixtures.nodeFix(FixFixtures.RDS_RULE),
                NodeSelector.all(),
                FixFixtures.ALLOWED,
                Actor.user(REQUESTER))
            .record();
    listeners =
        new PeerfixListeners(
            new FakeDiagnoses(),
            Optional.of(
                new FixDesk(
                    guard, store, (run, who, nodes) -> Optional.empty(), FixDesk.Rollouts.NONE)),
            SlackCalls.counted(metrics, d -> {}),
            Clock.systemUTC(),
            Duration.ofMillis(20),
            Duration.ofMillis(50));
    bot =
        SlackBot.start(
            slack.httpSettings(),
            new ServeOptions("127.0.0.1", OptionalInt.of(0), 0),
            listeners,
            Optional.of(metrics));
    String before = scrape();

    slack.postSigned(bot.port(), approve(proposal));
    await().atMost(Duration.ofSeconds(10)).until(() -> value(scrape(), UPDATE_FAILED) == 1.0);
    String approved = scrape();
    applyEverywhere(store, proposal);
    assertThat(guard.revert(proposal.name(), Actor.user(APPROVER)).record().state())
        .isEqualTo(FixState.REVERTED);
    String after = scrape();

    assertThat(value(before, fixes("proposed"))).isEqualTo(1.0);
    assertThat(value(before, fixes("approved"))).isEqualTo(0.0);
    assertThat(value(before, UPDATE_FAILED)).isEqualTo(0.0);
    assertThat(value(approved, fixes("approved"))).isEqualTo(1.0);
    assertThat(value(approved, fixes("applied"))).isEqualTo(0.0);
    assertThat(value(after, fixes("proposed"))).isEqualTo(1.0);
    assertThat(value(after, fixes("approved"))).isEqualTo(1.0);
    assertThat(value(after, fixes("applied"))).isEqualTo(1.0);
    assertThat(value(after, fixes("reverted"))).isEqualTo(1.0);
  }

  /** Every node reports the fix applied, and the rollout takes it from canary to applied. */
  private static void applyEverywhere(FixStore store, FixRecord proposal) {
    for (String node : proposal.fix().nodes()) {
      store.putNodeStatus(
          new NodeStatus(
              proposal.name(),
              node,
              NodeFixState.APPLIED,
              proposal.digest(),
              Optional.empty(),
              "",
              "",
              0,
              Instant.now()));
    }
    FixRollout rollout =
        new FixRollout(
            store,
            (fix, nodes) -> new FixVerifier.Verification(true, List.of()),
            Clock.systemUTC());
    rollout.advance(proposal.name()); // canaries verified: on to every node
    assertThat(rollout.advance(proposal.name()).orElseThrow().state()).isEqualTo(FixState.APPLIED);
  }

  private static String approve(FixRecord proposal) throws Exception {
    ObjectNode payload = (ObjectNode) JSON.readTree(SlackKit.fixture("block-actions-approve.json"));
    ((ObjectNode) payload.path("user")).put("id", APPROVER);
    ObjectNode act = (ObjectNode) payload.path("actions").get(0);
    act.put("action_id", FixBlocks.APPROVE);
    act.put("value", new FixButton(proposal.name(), proposal.digest()).value());
    return SlackKit.interaction(JSON.writeValueAsString(payload));
  }

  private String scrape() throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + bot.port() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static String fixes(String event) {
    return String.format(FIXES, event);
  }

  private static double value(String scrape, String series) {
    return MetricsHttpTest.value(scrape, series);
  }
}
