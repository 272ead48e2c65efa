package io.peerfix.schedule;

import io.peerfix.config.ScheduleConfig;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Quartz's entry point for a schedule's probe run or digest: finds the schedule and the slot the
 * firing stands for (the latest cron time at or before the scheduled fire time, so a late or
 * catch-up firing keeps its idempotency key) and hands them to the {@link ScheduleRunner}. Quartz
 * keeps one job per schedule and kind ({@code probe-NAME}, {@code digest-NAME}), and never runs one
 * twice at once.
 */
@DisallowConcurrentExecution
final class SlotJob implements Job {
  static final String SCHEDULE = "schedule";
  static final String KIND = "kind";

  private final Map<String, ScheduleConfig> schedules;
  private final ScheduleRunner runner;

  SlotJob(Map<String, ScheduleConfig> schedules, ScheduleRunner runner) {
    this.schedules = schedules;
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) {
    ScheduleConfig schedule = schedules.get(context.getMergedJobDataMap().getString(SCHEDULE));
    Slot.Kind kind = Slot.Kind.valueOf(context.getMergedJobDataMap().getString(KIND));
    Slot slot =
        new Slot(
            schedule.name(),
            kind,
            new Slots(cron(schedule, kind)).floor(context.getScheduledFireTime().toInstant()));
    switch (kind) {
      case PROBE -> runner.probe(schedule, slot);
      case DIGEST -> runner.digest(schedule, slot);
    }
  }

  static String cron(ScheduleConfig schedule, Slot.Kind kind) {
    return switch (kind) {
      case PROBE -> schedule.cron();
      case DIGEST -> schedule.digest().orElseThrow();
    };
  }
}
