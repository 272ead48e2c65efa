package io.peerfix.schedule;

import io.peerfix.config.ScheduleConfig;
import io.peerfix.schedule.watch.TargetRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer to {@code /peerfix schedules}, from any replica: each schedule with its targets,
 * channel, next run (from its cron expression, so a replica that does not lead knows it too) and
 * each target's last result (from the shared ledger).
 */
public final class ScheduleStatus {
  private final List<ScheduleConfig> schedules;
  private final ScheduleLedger ledger;

  public ScheduleStatus(List<ScheduleConfig> schedules, ScheduleLedger ledger) {
    this.schedules = List.copyOf(schedules);
    this.ledger = ledger;
  }

  /** Slack markdown. */
  public String text(Instant now) {
    if (schedules.isEmpty()) {
      return "No schedules are configured (add them under schedules: in the configuration file).";
    }
    StringBuilder out = new StringBuilder("Schedules:");
    for (ScheduleConfig s : schedules) {
      out.append("\n• *")
          .append(s.name())
          .append("* `")
          .append(s.cron())
          .append("` in <#")
          .append(s.channel())
          .append(">, next run ")
          .append(new Slots(s.cron()).next(now).map(Instant::toString).orElse("never"));
      Map<String, TargetRecord> records;
      try {
        records = ledger.records(s.name());
      } catch (RuntimeException e) {
        out.append(" (last results unavailable: ").append(e.getMessage()).append(')');
        continue;
      }
      for (String target : s.targets()) {
        TargetRecord r = records.get(target);
        out.append("\n    ◦ ").append(target).append(": ");
        if (r == null || r.last().isEmpty()) {
          out.append("not run yet");
        } else {
          out.append('`')
              .append(r.last().get().state())
              .append("` (")
              .append(r.last().get().cause().name())
              .append(") at ")
              .append(r.last().get().at());
        }
      }
    }
    return out.toString();
  }
}
