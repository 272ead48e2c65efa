package io.peerfix.slack;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.peerfix.common.UserInputException;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.config.ScheduleConfig;
import io.peerfix.config.SchedulesConfig;
import io.peerfix.k8s.ApiErrorCounter;
import io.peerfix.k8s.ProbePodSweeper;
import io.peerfix.lab.LabPaths;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.orchestration.ClusterEnvironments;
import io.peerfix.schedule.ConfigMapLedgerStore;
import io.peerfix.schedule.DiagnosisChecker;
import io.peerfix.schedule.FileLedgerStore;
import io.peerfix.schedule.FileLockLeadership;
import io.peerfix.schedule.KubernetesNodeConditions;
import io.peerfix.schedule.LeaseLeadership;
import io.peerfix.schedule.LeftoverProbePods;
import io.peerfix.schedule.NodeConditions;
import io.peerfix.schedule.ScheduleService;
import io.peerfix.schedule.TargetChecker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code serve}'s schedules (the {@code schedules:} section of {@code --config}), assembled apart
 * from the rest of the bot. In the lab the ledger and the leader's lock are files under the lab's
 * state directory, so several {@code serve --lab} processes on one lab run each slot once; in a
 * cluster the ledger is a ConfigMap per schedule and the leader holds the Lease {@value #LEASE},
 * both in the cluster section's {@code agentNamespace} (beside the fix store), and the leader also
 * collects leftover probe pods in its {@code probeNamespace}. Reports go to Slack through {@link
 * ScheduleMessages}.
 */
final class ServeSchedules {
  /** How often a process that does not lead tries the lab's lock. */
  static final Duration LAB_LOCK_RETRY = Duration.ofSeconds(1);

  static final String LEASE = "peerfix-schedules";

  private ServeSchedules() {}

  /**
   * The schedules of the configuration file, empty when there is none or it has no schedules.
   *
   * @throws UserInputException when a schedule names an unknown target
   */
  static Optional<ScheduleService> of(
      Serve.Request request,
      Map<String, String> env,
      SlackSettings settings,
      ServeBackend backend,
      PeerfixMetrics metrics) {
    if (request.config().isEmpty()) {
      return Optional.empty();
    }
    Path file = request.config().get();
    PeerfixConfig config = PeerfixConfig.load(file, env);
    SchedulesConfig schedules = config.section(SchedulesConfig.class);
    if (schedules.schedules().isEmpty()) {
      return Optional.empty();
    }
    checkTargets(file, schedules, backend.diagnoses().targets());
    ScheduleMessages sink =
        ScheduleMessages.create(settings, Optional.of(backend.fixes()), metrics);
    Clock clock = Clock.systemUTC();
    String owner = ScheduleService.owner();
    if (request.lab()) {
      Path state = LabPaths.standard().stateDir(request.labName());
      return Optional.of(
          new ScheduleService(
              schedules,
              new FileLedgerStore(state),
              new FileLockLeadership(state.resolve("schedules.lock"), LAB_LOCK_RETRY),
              checker(request, backend, NodeConditions.ALL_READY),
              sink,
              metrics,
              Optional.empty(),
              owner,
              clock,
              () -> {}));
    }
    KubernetesClient client =
        ClusterEnvironments.kubernetesClient(
            request.kubeconfig().orElse(null), new ApiErrorCounter(metrics));
    // The ledger and the Lease beside the fix store (the bot's own objects); probe pods in theirs.
    String namespace = config.cluster().agentNamespace();
    Runnable sweep =
        new LeftoverProbePods(
            new ProbePodSweeper(client, config.cluster().probeNamespace(), clock),
            LeftoverProbePods.MAX_AGE);
    return Optional.of(
        new ScheduleService(
            schedules,
            new ConfigMapLedgerStore(client, namespace),
            new LeaseLeadership(client, namespace, LEASE, owner, LeaseLeadership.Timing.standard()),
            checker(request, backend, new KubernetesNodeConditions(client)),
            sink,
            metrics,
            Optional.of(sweep),
            owner,
            clock,
            client));
  }

  private static TargetChecker checker(
      Serve.Request request, ServeBackend backend, NodeConditions conditions) {
    return new DiagnosisChecker(
        backend.environments()::open, conditions, request.probeTimeout(), Clock.systemUTC());
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
