package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.config.ScheduleConfig;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.metrics.PeerfixMetrics.RunOutcome;
import io.peerfix.schedule.watch.TargetState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScheduleRunnerTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");
  private static final ScheduleConfig SCHEDULE =
      new ScheduleConfig(
          "rds-watch",
          List.of("rds-prod", "ledger"),
          "0 */5 * * * ?",
          "C0123REPORTS",
          Optional.of("0 0 9 * * ?"),
          Duration.ofMinutes(30));

  @TempDir Path dir;
  private final Fakes.Checker checker = new Fakes.Checker();
  private final Fakes.Channel channel = new Fakes.Channel();
  private final PeerfixMetrics metrics = PeerfixMetrics.inMemory();

  private ScheduleRunner replica(String owner) {
    return new ScheduleRunner(
        new ScheduleLedger(new FileLedgerStore(dir), Clock.fixed(T0, ZoneOffset.UTC)),
        checker,
        channel,
        metrics,
        owner);
  }

  private static Slot slot(int n) {
    return new Slot("rds-watch", Slot.Kind.PROBE, T0.plus(Duration.ofMinutes(5L * n)));
  }

  @Test
  void aStateChangeIsReportedOnceAndARepeatNotAtAll() {
    ScheduleRunner runner = replica("a");
    runner.probe(SCHEDULE, slot(0));
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);
    runner.probe(SCHEDULE, slot(1));
    runner.probe(SCHEDULE, slot(2));
    runner.probe(SCHEDULE, slot(3));

    assertThat(channel.kinds()).containsExactly("failure");
    assertThat(channel.posts.get(0).channel()).isEqualTo("C0123REPORTS");
    assertThat(channel.posts.get(0).report().target()).isEqualTo("rds-prod");
  }

  @Test
  void aRecoveryFollowsTheFailureAndTheFailuresThreadIsKept() {
    ScheduleRunner runner = replica("a");
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);
    runner.probe(SCHEDULE, slot(0));
    ScheduleLedger ledger =
        new ScheduleLedger(new FileLedgerStore(dir), Clock.fixed(T0, ZoneOffset.UTC));
    assertThat(ledger.records("rds-watch").get("rds-prod").thread()).contains("1700000000.000001");

    checker.set("rds-prod", RootCause.HEALTHY);
    runner.probe(SCHEDULE, slot(1));

    assertThat(channel.kinds()).containsExactly("failure", "recovery");
    assertThat(ledger.records("rds-watch").get("rds-prod").reported()).isEqualTo(TargetState.OK);
  }

  @Test
  void aSlotAnotherReplicaRanIsSkippedAndReportsNothingTwice() {
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);

    RunOutcome first = replica("a").probe(SCHEDULE, slot(0));
    RunOutcome second = replica("b").probe(SCHEDULE, slot(0));

    assertThat(first).isEqualTo(RunOutcome.RAN);
    assertThat(second).isEqualTo(RunOutcome.SKIPPED);
    assertThat(checker.checks).hasValue(2); // two targets, checked once
    assertThat(channel.kinds()).containsExactly("failure");
  }

  @Test
  void theNextReplicaContinuesFromTheLedgerWithoutRepeatingTheFailure() {
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);
    replica("a").probe(SCHEDULE, slot(0));

    replica("b").probe(SCHEDULE, slot(1));
    checker.set("rds-prod", RootCause.HEALTHY);
    replica("b").probe(SCHEDULE, slot(2));

    assertThat(channel.kinds()).containsExactly("failure", "recovery");
  }

  @Test
  void aDigestIsOneMessageWithALinePerTarget() {
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);
    ScheduleRunner runner = replica("a");
    runner.probe(SCHEDULE, slot(0));

    Slot digest = new Slot("rds-watch", Slot.Kind.DIGEST, T0);
    runner.digest(SCHEDULE, digest);
    replica("b").digest(SCHEDULE, digest);

    assertThat(channel.digests).hasSize(1);
    assertThat(channel.digests.get(0))
        .extracting(l -> l.target() + "=" + l.state())
        .containsExactly("rds-prod=FAILING", "ledger=OK");
  }

  @Test
  void runsAndReportsAreCounted() {
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);
    replica("a").probe(SCHEDULE, slot(0));
    replica("b").probe(SCHEDULE, slot(0));

    var registry = metrics.registry();
    assertThat(registry.get("peerfix.schedule.runs").tag("outcome", "ran").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.get("peerfix.schedule.runs").tag("outcome", "skipped").counter().count())
        .isEqualTo(1.0);
    assertThat(
            registry
                .get("peerfix.diagnoses")
                .tag("root_cause", "POD_SOURCE_NOT_MASQUERADED")
                .counter()
                .count())
        .isEqualTo(1.0);
    assertThat(registry.get("peerfix.schedule.reports").tag("kind", "failure").counter().count())
        .isEqualTo(1.0);
  }
}
