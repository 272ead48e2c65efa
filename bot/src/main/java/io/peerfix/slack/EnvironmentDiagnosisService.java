package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.slack.command.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Diagnoses over an environment opened for each request (the lab, or a configured cluster target),
 * with the nodes narrowed by the selector and the runner's events passed on as they happen.
 */
final class EnvironmentDiagnosisService implements DiagnosisService {
  private static final int PARALLELISM = 64;

  private final Environments environments;
  private final Duration probeTimeout;
  private final Clock clock;

  EnvironmentDiagnosisService(Environments environments, Duration probeTimeout, Clock clock) {
    this.environments = environments;
    this.probeTimeout = probeTimeout;
    this.clock = clock;
  }

  @Override
  public List<String> targets() {
    return environments.targets();
  }

  @Override
  public DiagnosisRun diagnose(
      String target, Optional<LabelSelector> nodes, DiagnosisListener listener) {
    try (DiagnosisEnvironment environment = environments.open(target)) {
      KnownTarget known = environment.target(target);
      DiagnosisPorts ports = environment.ports();
      if (nodes.isPresent()) {
        ports = selected(ports, nodes.get());
      }
      return new DiagnosisRunner(ports, Diagnoser.standard(), PARALLELISM, clock)
          .run(
              new DiagnosisRequest(
                  known.target(), probeTimeout, known.awsQuery(), known.clusterPodCidr()),
              DiagnosisRunner.ProbePlan.AUTO,
              listener);
    }
  }

  /** The ports with only the nodes the selector picks; none picked is the user's mistake. */
  static DiagnosisPorts selected(DiagnosisPorts ports, LabelSelector selector) {
    NodeDirectory all = ports.nodes();
    NodeDirectory picked =
        () -> {
          List<NodeInfo> nodes =
              all.nodes().stream().filter(n -> selector.matches(n.labels())).toList();
          if (nodes.isEmpty()) {
            throw new UserInputException("no node matches --nodes " + selector);
          }
          return nodes;
        };
    return new DiagnosisPorts(picked, ports.facts(), ports.pods(), ports.aws());
  }
}
