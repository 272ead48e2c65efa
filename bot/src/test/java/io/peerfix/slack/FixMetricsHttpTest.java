package io.peerfix.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.approval.FixGuard;
import io.peerfix.approval.FixRollout;
import io.peerfix.approval.FixVerifier;
import io.peerfix.fix.Actor;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixFixtures;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.fixstore.MeteredFixStore;
import io.peerfix.metrics.PeerfixMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
  private HttpBot bot;

  @BeforeEach
  void start() {
    slack = new SlackKit();
    slack.api.stubFor(
        post(urlEqualTo("/api/chat.update"))
            .willReturn(okJson("{\"ok\":false,\"error\":\"message_not_found\"}")));
  }

  @AfterEach
  void stop() throws Exception {
    if (bot != null) {
      bot.close();
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
    bot =
        HttpBot.start(
            slack,
            HttpBot.listeners(
                new FakeDiagnoses(),
                HttpBot.pressesOnly(guard, store),
                SlackCalls.counted(metrics, d -> {}),
                HttpBot.UPDATES),
            Optional.of(metrics));
    String before = scrape();

    bot.press(
        FixBlocks.APPROVE, APPROVER, new FixButton(proposal.name(), proposal.digest()).value());
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
    FixFixtures.appliedOnEveryNode(store, proposal);
    FixRollout rollout =
        new FixRollout(
            store,
            (fix, nodes) -> new FixVerifier.Verification(true, List.of()),
            Clock.systemUTC());
    rollout.advance(proposal.name()); // canaries verified: on to every node
    assertThat(rollout.advance(proposal.name()).orElseThrow().state()).isEqualTo(FixState.APPLIED);
  }

  private String scrape() {
    return bot.get("/metrics").body();
  }

  private static String fixes(String event) {
    return String.format(FIXES, event);
  }

  private static double value(String scrape, String series) {
    return MetricsHttpTest.value(scrape, series);
  }
}
