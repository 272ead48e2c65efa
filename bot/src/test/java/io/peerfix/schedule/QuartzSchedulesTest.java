package io.peerfix.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.peerfix.config.ScheduleConfig;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.metrics.PeerfixMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuartzSchedulesTest {
  /** Daily at 03:00 UTC: the test never waits for a cron time, only for misfires. */
  private static final String DAILY = "0 0 3 * * ?";

  private static final ScheduleConfig SCHEDULE =
      new ScheduleConfig(
          "rds-watch",
          List.of("rds-prod"),
          DAILY,
          "C0123REPORTS",
          Optional.empty(),
          Duration.ofMinutes(30));

  @TempDir Path dir;
  private final Fakes.Checker checker = new Fakes.Checker();
  private final Fakes.Channel channel = new Fakes.Channel();
  private final PeerfixMetrics metrics = PeerfixMetrics.inMemory();
  private QuartzSchedules schedules;

  private ScheduleLedger ledger() {
    return new ScheduleLedger(new FileLedgerStore(dir), Clock.systemUTC());
  }

  private QuartzSchedules schedules() {
    ScheduleRunner runner = new ScheduleRunner(ledger(), checker, channel, metrics, "replica-a");
    schedules =
        new QuartzSchedules(
            List.of(SCHEDULE),
            runner,
            ledger(),
            metrics,
            Optional.empty(),
            Duration.ofMinutes(10),
            Clock.systemUTC());
    return schedules;
  }

  @AfterEach
  void stop() {
    if (schedules != null) {
      schedules.stop();
    }
  }

  @Test
  void slotsMissedWhileDownAreRunOnceForTheLatestOfThem() throws Exception {
    Slots slots = new Slots(DAILY);
    Instant latest = slots.floor(Instant.now());
    Instant threeSlotsAgo = latest.minus(Duration.ofDays(3));
    Slot old = new Slot("rds-watch", Slot.Kind.PROBE, threeSlotsAgo);
    ledger().claim(old, "replica-gone", Duration.ZERO);
    ledger().complete(old, "replica-gone");
    checker.set("rds-prod", RootCause.POD_SOURCE_NOT_MASQUERADED);

    schedules().start();

    Slot missed = new Slot("rds-watch", Slot.Kind.PROBE, latest);
    await().atMost(Duration.ofSeconds(30)).until(() -> ledger().done(missed));
    assertThat(checker.checks).hasValue(1);
    assertThat(channel.kinds()).containsExactly("failure");
    assertThat(schedules.nextFire("rds-watch")).contains(slots.next(Instant.now()).orElseThrow());
    assertThat(
            metrics
                .registry()
                .get("peerfix.schedule.misfires")
                .tag("schedule", "rds-watch")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void aSlotAlreadyRunIsNotRunAgainAfterARestart() throws Exception {
    Slots slots = new Slots(DAILY);
    Slot latest = new Slot("rds-watch", Slot.Kind.PROBE, slots.floor(Instant.now()));
    ledger().claim(latest, "replica-gone", Duration.ZERO);
    ledger().complete(latest, "replica-gone");

    schedules().start();

    assertThat(schedules.nextFire("rds-watch")).contains(slots.next(Instant.now()).orElseThrow());
    assertThat(checker.checks).hasValue(0);
    assertThat(metrics.registry().find("peerfix.schedule.misfires").counter()).isNull();
  }

  @Test
  void aStoppedScheduleHasNoNextFireAndStartsAgain() throws Exception {
    QuartzSchedules s = schedules();
    s.start();
    s.stop();

    assertThat(s.running()).isFalse();
    assertThat(s.nextFire("rds-watch")).isEmpty();

    s.start();
    assertThat(s.nextFire("rds-watch")).isPresent();
  }

  @Test
  void theSlotOfALateFiringIsTheCronTimeBeforeIt() {
    Slots every5 = new Slots("0 */5 * * * ?");

    assertThat(every5.floor(Instant.parse("2026-12-01T09:07:13Z")))
        .isEqualTo(Instant.parse("2026-12-01T09:05:00Z"));
    assertThat(every5.floor(Instant.parse("2026-12-01T09:05:00Z")))
        .isEqualTo(Instant.parse("2026-12-01T09:05:00Z"));
  }
}
