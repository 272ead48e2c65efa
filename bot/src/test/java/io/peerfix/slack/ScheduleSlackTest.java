package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.peerfix.config.ScheduleConfig;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.schedule.FileLedgerStore;
import io.peerfix.schedule.ScheduleLedger;
import io.peerfix.schedule.ScheduleStatus;
import io.peerfix.schedule.watch.Check;
import io.peerfix.schedule.watch.DigestLine;
import io.peerfix.schedule.watch.LeftOut;
import io.peerfix.schedule.watch.NodeCondition;
import io.peerfix.schedule.watch.NodeSample;
import io.peerfix.schedule.watch.Report;
import io.peerfix.schedule.watch.TargetRecord;
import io.peerfix.schedule.watch.TargetState;
import io.peerfix.schedule.watch.Watch;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scheduled reports as the fake Slack Web API receives them, and /peerfix schedules. */
class ScheduleSlackTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final String CHANNEL = "C0123REPORTS";

  @TempDir Path dir;
  private SlackKit slack;
  private ScheduleMessages messages;

  @BeforeEach
  void start() {
    slack = new SlackKit();
    SlackSettings settings = slack.httpSettings();
    messages =
        new ScheduleMessages(
            BoltApps.create(settings).slack().methods(settings.botToken()),
            Optional.empty(),
            new SlackCalls(d -> {}));
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private static Check check(RootCause cause, List<LeftOut> leftOut) {
    boolean ok = cause == RootCause.HEALTHY;
    return new Check(
        "rds-prod",
        T0,
        cause,
        List.of(new NodeSample("node1", T0, ok, ok ? OptionalLong.of(7) : OptionalLong.empty())),
        leftOut);
  }

  private List<LoggedRequest> posts() {
    return slack.calls("chat.postMessage");
  }

  @Test
  void aFailureIsPostedAtTheTopLevelAndReturnsTheIncidentsThread() {
    Check failing =
        check(
            RootCause.POD_SOURCE_NOT_MASQUERADED,
            List.of(new LeftOut("node3", NodeCondition.CORDONED)));

    Optional<String> ts =
        messages.post(
            CHANNEL,
            new Report.Failure("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED, failing),
            Optional.empty());

    assertThat(ts).isPresent();
    assertThat(posts()).hasSize(1);
    assertThat(SlackKit.param(posts().get(0), "channel")).isEqualTo(CHANNEL);
    assertThat(SlackKit.param(posts().get(0), "thread_ts")).isNull();
    assertThat(SlackKit.param(posts().get(0), "blocks")).contains("node3", "cordoned");
  }

  @Test
  void aRecoveryIsAtTheTopLevelWithTheWordHealthy() {
    messages.post(
        CHANNEL,
        new Report.Recovery(
            "rds-prod", Duration.ofMinutes(12), check(RootCause.HEALTHY, List.of())),
        Optional.empty());

    assertThat(SlackKit.param(posts().get(0), "thread_ts")).isNull();
    assertThat(SlackKit.param(posts().get(0), "text")).contains("HEALTHY", "12m");
  }

  @Test
  void flappingGoesInTheIncidentsThread() {
    messages.post(
        CHANNEL,
        new Report.Flapping(
            "rds-prod",
            3,
            Duration.ofMinutes(30),
            Optional.of("1700000000.000100"),
            check(RootCause.HEALTHY, List.of())),
        Optional.empty());

    assertThat(SlackKit.param(posts().get(0), "thread_ts")).isEqualTo("1700000000.000100");
  }

  @Test
  void aDigestIsOneMessage() {
    Watch watch = new Watch(Duration.ofMinutes(30), 3);
    TargetRecord record =
        watch
            .decide(TargetRecord.fresh(), check(RootCause.POD_SOURCE_NOT_MASQUERADED, List.of()))
            .record();
    List<DigestLine> lines =
        DigestLine.of(List.of("rds-prod", "ledger"), java.util.Map.of("rds-prod", record), 3);

    messages.digest(CHANNEL, "rds-watch", lines);

    assertThat(posts()).hasSize(1);
    assertThat(SlackKit.param(posts().get(0), "text"))
        .contains("rds-prod", TargetState.FAILING.name(), "node1", "ledger");
  }

  @Test
  void slashSchedulesListsEachScheduleWithItsNextRunAndLastResult() throws Exception {
    ScheduleConfig schedule =
        new ScheduleConfig(
            "rds-watch",
            List.of("rds-prod", "ledger"),
            "0 */5 * * * ?",
            CHANNEL,
            Optional.empty(),
            Duration.ofMinutes(30));
    ScheduleLedger ledger = new ScheduleLedger(new FileLedgerStore(dir), Clock.systemUTC());
    ledger.save(
        "rds-watch",
        "rds-prod",
        new Watch(Duration.ofMinutes(30), 3)
            .decide(TargetRecord.fresh(), check(RootCause.POD_SOURCE_NOT_MASQUERADED, List.of()))
            .record());
    ScheduleStatus status = new ScheduleStatus(List.of(schedule), ledger);
    Instant now = Instant.parse("2026-12-01T09:02:00Z");
    PeerfixListeners listeners =
        new PeerfixListeners(
            new FakeDiagnoses(),
            Optional.empty(),
            io.peerfix.config.SlackConfig.none(),
            new SlackCalls(d -> {}),
            Clock.systemUTC(),
            Duration.ofMillis(50),
            Duration.ofMillis(50),
            () -> status.text(now));
    SlackBot bot =
        SlackBot.start(
            slack.httpSettings(), new ServeOptions("127.0.0.1", OptionalInt.of(0), 0), listeners);
    try {
      HttpResponse<String> response =
          slack.postSigned(bot.port(), SlackKit.slashCommand("schedules"));
      JsonNode ack = new ObjectMapper().readTree(response.body());

      assertThat(ack.path("response_type").asText()).isEqualTo("ephemeral");
      assertThat(ack.path("text").asText())
          .contains(
              "rds-watch",
              "2026-12-01T09:05:00Z",
              "rds-prod: `FAILING` (POD_SOURCE_NOT_MASQUERADED)",
              "ledger: not run yet");
    } finally {
      bot.close();
      listeners.close();
    }
  }
}
