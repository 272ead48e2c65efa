package io.peerfix.config;

import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * One scheduled watch: its name, the targets each run probes, when it runs (a Quartz cron
 * expression, seconds first), the Slack channel its reports go to, when the digest is posted
 * (optional, also Quartz cron), and the flap window: a target that changes state {@link
 * #FLAP_CHANGES} times within it is reported once as flapping per window, not on every change.
 */
public record ScheduleConfig(
    String name,
    List<String> targets,
    String cron,
    String channel,
    Optional<String> digest,
    Duration flapWindow) {
  /** State changes within the flap window that make a target flapping. */
  public static final int FLAP_CHANGES = 3;

  /**
   * Targets one schedule watches at most: a run probes them all from one pod per node, a container
   * each, and the kubelet keeps 12 KiB of termination messages per pod (4 KiB each for three).
   */
  public static final int MAX_TARGETS = 3;

  static final Duration DEFAULT_FLAP_WINDOW = Duration.ofMinutes(30);
  private static final Pattern CHANNEL = Pattern.compile("[CGD][A-Z0-9]{6,20}");

  public ScheduleConfig {
    Objects.requireNonNull(name, "name");
    targets = List.copyOf(targets);
    Objects.requireNonNull(cron, "cron");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(flapWindow, "flapWindow");
  }

  static ScheduleConfig read(ConfigMap s) {
    // Every key is known before any is checked, so a bad value is not reported as an unknown key
    // that follows it.
    List.of("name", "targets", "cron", "channel", "digest", "flapWindow").forEach(s::has);
    String name =
        s.required(
            "name",
            text ->
                TargetConfig.matching(
                    text,
                    TargetConfig.NAME,
                    "lower-case letters, digits and '-' (e.g. rds-watch)"));
    List<String> targets = s.strings("targets");
    if (targets.isEmpty()) {
      throw s.error("targets", "missing; list the targets to watch, e.g. targets: [rds-prod]");
    }
    for (String target : targets) {
      if (!TargetConfig.NAME.matcher(target).matches()) {
        throw s.error(
            "targets", "'" + target + "' is not a target name: lower-case letters, digits and '-'");
      }
    }
    if (targets.stream().distinct().count() != targets.size()) {
      throw s.error("targets", "a target is listed twice");
    }
    if (targets.size() > MAX_TARGETS) {
      throw s.error(
          "targets",
          targets.size()
              + " targets; a schedule watches at most "
              + MAX_TARGETS
              + " (one probe pod per node carries a container for each): split them into two"
              + " schedules");
    }
    String cron = s.required("cron", ScheduleConfig::cron);
    String channel =
        s.required(
            "channel",
            text -> {
              if (!CHANNEL.matcher(text).matches()) {
                throw new IllegalArgumentException(
                    "expected a Slack channel id such as C0123REPORTS (the channel's details"
                        + " show it), got '"
                        + text
                        + "'");
              }
              return text;
            });
    Optional<String> digest = s.optional("digest", ScheduleConfig::cron);
    Duration window = s.optionalDuration("flapWindow").orElse(DEFAULT_FLAP_WINDOW);
    if (window.isZero()) {
      throw s.error("flapWindow", "expected a duration above zero, e.g. 30m");
    }
    return new ScheduleConfig(name, targets, cron, channel, digest, window);
  }

  /** A Quartz cron expression, checked as Quartz will read it. */
  static String cron(String text) {
    try {
      CronExpression.validateExpression(text);
    } catch (ParseException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a Quartz cron expression ("
              + e.getMessage()
              + "); six or seven fields, seconds first, e.g. \"0 */5 * * * ?\"");
    }
    return text;
  }
}
