package io.peerfix.schedule;

import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.watch.DigestLine;
import io.peerfix.schedule.watch.Report;
import java.util.List;
import java.util.Optional;

/** Where schedules' reports go: a Slack channel in the bot ({@code slack.ScheduleMessages}). */
public interface ReportSink {
  /**
   * Posts one report in {@code channel}: failures and recoveries at the top level, the rest in the
   * report's thread when it has one.
   *
   * @return the posted message's timestamp (a failure's becomes the incident's thread), empty when
   *     it could not be posted
   */
  Optional<String> post(String channel, Report report, Optional<DiagnosisRun> run);

  /** Posts a schedule's digest as one message. */
  void digest(String channel, String schedule, List<DigestLine> lines);
}
