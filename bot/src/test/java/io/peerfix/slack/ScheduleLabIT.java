package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.peerfix.approval.FixGuard;
import io.peerfix.approval.LabApprovers;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.fix.Actor;
import io.peerfix.fix.FixRecord;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.ScenarioCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled reports on the real kernel: two bot replicas on one seed-incident lab with a schedule
 * every few seconds; the fake Slack API sees one failure report, the fix is approved through the
 * guard and applied by the lab's agents, and it sees one recovery report; nothing else at the top
 * level. Needs root (the lab).
 */
class ScheduleLabIT {
  private static final Lab LAB =
      new Lab(new ProcessCommandRunner(), LabPaths.standard(), Clock.systemUTC());

  @TempDir Path dir;
  private String labName;
  private SlackKit slack;
  private final List<AutoCloseable> open = new java.util.ArrayList<>();

  @AfterEach
  void down() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
    if (labName != null) {
      LAB.down(labName);
    }
  }

  private static String uniqueName() {
    SecureRandom random = new SecureRandom();
    StringBuilder name = new StringBuilder("pfsc");
    for (int i = 0; i < 5; i++) {
      name.append((char) ('a' + random.nextInt(26)));
    }
    return name.toString();
  }

  private Serve.Running replica(Path config) throws Exception {
    Serve.Running running =
        Serve.start(
            new Serve.Request(
                "127.0.0.1",
                OptionalInt.of(0),
                0,
                true,
                labName,
                Optional.of(config),
                Optional.empty(),
                Duration.ofSeconds(2)),
            Map.of(
                SlackSettings.BOT_TOKEN, SlackKit.BOT_TOKEN,
                SlackSettings.SIGNING_SECRET, SlackKit.SIGNING_SECRET,
                SlackSettings.API_URL, slack.apiUrl()));
    open.add(running);
    return running;
  }

  private List<LoggedRequest> topLevel() {
    return slack.calls("chat.postMessage").stream()
        .filter(r -> SlackKit.param(r, "thread_ts") == null)
        .filter(r -> "C0123REPORTS".equals(SlackKit.param(r, "channel")))
        .toList();
  }

  @Test
  void twoReplicasReportTheFailureOnceAndTheRecoveryOnce() throws Exception {
    slack = new SlackKit();
    open.add(slack);
    labName = uniqueName();
    LAB.up(
        labName,
        ScenarioCatalog.builtIn("seed-incident"),
        ScenarioCatalog.text("seed-incident"),
        2);
    Path config = dir.resolve("peerfix.yaml");
    Files.writeString(
        config,
        """
        schedules:
          - name: seed-watch
            targets: [rds-prod]
            cron: "*/3 * * * * ?"
            channel: C0123REPORTS
        """);

    Serve.Running a = replica(config);
    Serve.Running b = replica(config);
    assertThat(a.schedules().orElseThrow().leading() ^ b.schedules().orElseThrow().leading())
        .isTrue();

    await().atMost(Duration.ofMinutes(3)).until(() -> topLevel().size() >= 1);
    assertThat(SlackKit.param(topLevel().get(0), "blocks")).contains("POD_SOURCE_NOT_MASQUERADED");
    LabFixStore store = new LabFixStore(LabPaths.standard().stateDir(labName));
    await().atMost(Duration.ofMinutes(1)).until(() -> !store.list().isEmpty());
    FixRecord proposed = store.list().get(0).value();
    new FixGuard(store, LabApprovers.POLICY, Clock.systemUTC())
        .approve(proposed.name(), new Actor(LabApprovers.APPROVER, Set.of()), proposed.digest());

    // The approver's bot drives the rollout (canary, the rest, verification), as after a press.
    FixDesk.Rollouts rollouts = a.backend().fixes().rollouts();
    await()
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () -> {
              rollouts.advance(proposed.name());
              return topLevel().size() >= 2;
            });
    assertThat(SlackKit.param(topLevel().get(1), "text")).contains("HEALTHY");
    // Several more runs on a target that stays healthy: nothing more at the top level.
    int posts = slack.calls("chat.postMessage").size();
    long runs = ranSlots();
    await().atMost(Duration.ofMinutes(2)).until(() -> ranSlots() >= runs + 3);
    assertThat(topLevel()).hasSize(2);
    assertThat(slack.calls("chat.postMessage")).hasSize(posts);
  }

  /** Slots reported, from the lab's shared ledger. */
  private long ranSlots() throws Exception {
    String ledger =
        Files.readString(LabPaths.standard().stateDir(labName).resolve("schedule-seed-watch.json"));
    return ledger.split("\"done\":true", -1).length - 1;
  }
}
