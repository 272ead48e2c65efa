package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.config.ScheduleConfig;
import io.peerfix.config.SchedulesConfig;
import io.peerfix.lab.LabPaths;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.schedule.DiagnosisChecker;
import io.peerfix.schedule.FileLedgerStore;
import io.peerfix.schedule.FileLockLeadership;
import io.peerfix.schedule.NodeConditions;
import io.peerfix.schedule.ScheduleService;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code serve}'s schedules, assembled apart from the rest of the bot: in the lab, the ledger and
 * the leader's lock are files under the lab's state directory, so several {@code serve --lab}
 * processes on one lab run each slot once; reports go to Slack through {@link ScheduleMessages}.
 */
final class ServeSchedules {
  /** How often a process that does not lead tries the lab's lock. */
  static final Duration LAB_LOCK_RETRY = Duration.ofSeconds(1);

  private ServeSchedules() {}

  /**
   * The lab's schedules from {@code request.schedules()}, empty when none is given.
   *
   * @throws UserInputException when the file is malformed or a schedule names an unknown target
   */
  static Optional<ScheduleService> lab(
      Serve.Request request,
      Map<String, String> env,
      SlackSettings settings,
      ServeBackend backend,
      PeerfixMetrics metrics) {
    if (request.schedules().isEmpty()) {
      return Optional.empty();
    }
    SchedulesConfig config =
        PeerfixConfig.load(request.schedules().get(), env).section(SchedulesConfig.class);
    checkTargets(request.schedules().get(), config, backend.diagnoses().targets());
    Path state = LabPaths.standard().stateDir(request.labName());
    return Optional.of(
        new ScheduleService(
            config,
            new FileLedgerStore(state),
            new FileLockLeadership(state.resolve("schedules.lock"), LAB_LOCK_RETRY),
            new DiagnosisChecker(
                target ->
                    backend.diagnoses().diagnose(target, Optional.empty(), DiagnosisListener.NONE),
                NodeConditions.ALL_READY),
            ScheduleMessages.create(settings, Optional.of(backend.fixes()), metrics),
            metrics,
            Optional.empty(),
            ScheduleService.owner(),
            Clock.systemUTC()));
  }

  /** Every schedule's targets are known (when the environment lists any: a lab that is down). */
  static void checkTargets(Path file, SchedulesConfig config, List<String> known) {
    if (known.isEmpty()) {
      return;
    }
    for (ScheduleConfig schedule : config.schedules()) {
      for (String target : schedule.targets()) {
        if (!known.contains(target)) {
          throw new UserInputException(
              file
                  + ": schedule "
                  + schedule.name()
                  + ": "
                  + CommandListener.unknownTarget(target, known));
        }
      }
    }
  }
}
