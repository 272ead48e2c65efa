package io.peerfix.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code schedules:} list: targets probed on a cron schedule, with reports in a channel when
 * their state changes and an optional digest (names unique). Absent, the list is empty.
 *
 * <pre>{@code
 * schedules:
 *   - name: rds-watch
 *     targets: [rds-prod]
 *     cron: "0 *&#47;5 * * * ?"      # Quartz: seconds first
 *     channel: C0123REPORTS
 *     digest: "0 0 9 * * ?"       # optional
 *     flapWindow: 30m             # optional
 * }</pre>
 */
public record SchedulesConfig(List<ScheduleConfig> schedules) {
  public SchedulesConfig {
    schedules = List.copyOf(schedules);
  }

  static SchedulesConfig read(ConfigMap root) {
    List<ConfigMap> items = root.maps("schedules");
    List<ScheduleConfig> schedules = items.stream().map(ScheduleConfig::read).toList();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < schedules.size(); i++) {
      Integer first = seen.putIfAbsent(schedules.get(i).name(), i);
      if (first != null) {
        throw items
            .get(i)
            .error(
                "name",
                "'"
                    + schedules.get(i).name()
                    + "' is already the name of schedules["
                    + first
                    + "]");
      }
    }
    return new SchedulesConfig(schedules);
  }

  public Optional<ScheduleConfig> find(String name) {
    return schedules.stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
