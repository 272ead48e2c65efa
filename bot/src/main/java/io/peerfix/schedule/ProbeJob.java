package io.peerfix.schedule;

import io.peerfix.config.ScheduleConfig;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * Quartz's entry point for a schedule's probe run: finds the slot the firing stands for and hands
 * it to the {@link ScheduleRunner}. Never two at once for one schedule.
 */
@DisallowConcurrentExecution
final class ProbeJob implements Job {
  static final String SCHEDULE = "schedule";

  private final Map<String, ScheduleConfig> schedules;
  private final ScheduleRunner runner;

  ProbeJob(Map<String, ScheduleConfig> schedules, ScheduleRunner runner) {
    this.schedules = schedules;
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) {
    ScheduleConfig schedule = schedules.get(context.getMergedJobDataMap().getString(SCHEDULE));
    Slot slot =
        new Slot(
            schedule.name(),
            Slot.Kind.PROBE,
            new Slots(schedule.cron()).floor(context.getScheduledFireTime().toInstant()));
    runner.probe(schedule, slot);
  }
}
