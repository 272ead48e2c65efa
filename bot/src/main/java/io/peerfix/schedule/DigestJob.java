package io.peerfix.schedule;

import io.peerfix.config.ScheduleConfig;
import java.util.Map;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/** Quartz's entry point for a schedule's digest: one message per digest slot. */
@DisallowConcurrentExecution
final class DigestJob implements Job {
  private final Map<String, ScheduleConfig> schedules;
  private final ScheduleRunner runner;

  DigestJob(Map<String, ScheduleConfig> schedules, ScheduleRunner runner) {
    this.schedules = schedules;
    this.runner = runner;
  }

  @Override
  public void execute(JobExecutionContext context) {
    ScheduleConfig schedule =
        schedules.get(context.getMergedJobDataMap().getString(ProbeJob.SCHEDULE));
    Slot slot =
        new Slot(
            schedule.name(),
            Slot.Kind.DIGEST,
            new Slots(schedule.digest().orElseThrow())
                .floor(context.getScheduledFireTime().toInstant()));
    runner.digest(schedule, slot);
  }
}
