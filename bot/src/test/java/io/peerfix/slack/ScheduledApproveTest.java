package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.peerfix.approval.FixGuard;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.watch.Check;
import io.peerfix.schedule.watch.NodeSample;
import io.peerfix.schedule.watch.Report;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Approve button of a scheduled failure report: the report posted to the fake Slack API carries
 * the proposed fix's Approve with its name and digest, and pressing it (a signed block_actions
 * request over HTTP) is decided by the one fix guard: refused for someone who may not approve,
 * approved for an approver.
 */
class ScheduledApproveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CHANNEL = "C0123REPORTS";
  private static final String APPROVER = "U0APPROVER";
  private static final String STRANGER = "U0STRANGER";
  private static final ApprovalPolicy POLICY =
      new ApprovalPolicy(Set.of(APPROVER), Set.of(), false, Duration.ofMinutes(30));

  @TempDir Path state;
  private SlackKit slack;
  private LabFixStore store;
  private FixDesk desk;
  private HttpBot bot;

  @BeforeEach
  void start() throws Exception {
    slack = new SlackKit();
    store = new LabFixStore(state);
    desk =
        FixDesk.over(new FixGuard(store, POLICY, Clock.systemUTC()), store, FixDesk.Rollouts.NONE);
    bot = HttpBot.start(slack, new FakeDiagnoses(), Optional.of(desk), new SlackCalls(d -> {}));
  }

  @AfterEach
  void stop() throws Exception {
    bot.close();
    slack.close();
  }

  @Test
  void theFailureReportsApproveCarriesTheFixsDigestAndPressingItGoesThroughTheGuard()
      throws Exception {
    DiagnosisRun run = FakeDiagnoses.seedIncident();
    Instant at = Instant.parse("2026-12-01T09:05:00Z");
    Check failing =
        new Check(
            "orders",
            at,
            run.diagnosis().rootCause(),
            List.of(new NodeSample("node1", at, false, OptionalLong.empty())),
            List.of());
    ScheduleMessages messages =
        new ScheduleMessages(
            BoltApps.create(slack.httpSettings()).slack().methods(slack.httpSettings().botToken()),
            Optional.of(desk),
            new SlackCalls(d -> {}));

    messages.post(
        CHANNEL,
        new Report.Failure("orders", run.diagnosis().rootCause(), failing),
        Optional.of(run));

    assertThat(run.diagnosis().rootCause()).isNotEqualTo(RootCause.HEALTHY);
    List<FixRecord> proposed = store.list().stream().map(v -> v.value()).toList();
    assertThat(proposed).hasSize(1);
    FixRecord fix = proposed.get(0);
    String blocks = SlackKit.param(slack.calls("chat.postMessage").get(0), "blocks");
    List<String> approveValues = values(JSON.readTree(blocks), FixBlocks.APPROVE);
    assertThat(approveValues).containsExactly(new FixButton(fix.name(), fix.digest()).value());

    bot.press(FixBlocks.APPROVE, STRANGER, approveValues.get(0));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> !slack.calls("chat.postEphemeral").isEmpty());
    assertThat(state(fix)).isEqualTo(FixState.PROPOSED);

    bot.press(FixBlocks.APPROVE, APPROVER, approveValues.get(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> state(fix) == FixState.APPROVED);
    assertThat(store.get(fix.name()).orElseThrow().value().approval().orElseThrow().by())
        .isEqualTo(APPROVER);
  }

  private FixState state(FixRecord fix) {
    return store.get(fix.name()).orElseThrow().value().state();
  }

  /** The values of every button with {@code actionId} in a Block Kit blocks array. */
  private static List<String> values(JsonNode node, String actionId) {
    List<String> out = new ArrayList<>();
    if (node.isObject() && actionId.equals(node.path("action_id").asText())) {
      out.add(node.path("value").asText());
    }
    node.forEach(child -> out.addAll(values(child, actionId)));
    return out;
  }
}
