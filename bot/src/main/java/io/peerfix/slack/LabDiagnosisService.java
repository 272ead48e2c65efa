package io.peerfix.slack;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.facts.NodeDirectory;
import io.peerfix.facts.NodeInfo;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.orchestration.EnvironmentOpener;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.slack.command.LabelSelector;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Diagnoses over an environment opened for each request (the running lab, so a lab rebuilt between
 * two commands is seen as it is now), with the nodes narrowed by the selector.
 */
final class LabDiagnosisService implements DiagnosisService {
  private static final int PARALLELISM = 64;

  private final EnvironmentOpener opener;
  private final String labName;
  private final Duration probeTimeout;
  private final Clock clock;

  LabDiagnosisService(
      EnvironmentOpener opener, String labName, Duration probeTimeout, Clock clock) {
    this.opener = opener;
    this.labName = labName;
    this.probeTimeout = probeTimeout;
    this.clock = clock;
  }

  @Override
  public List<String> targets() {
    try (DiagnosisEnvironment environment = opener.openLab(labName, null)) {
      return environment.targets().stream().map(KnownTarget::name).toList();
    } catch (UserInputException e) {
      return List.of();
    }
  }

  @Override
  public DiagnosisRun diagnose(String target, Optional<LabelSelector> nodes) {
    try (DiagnosisEnvironment environment = opener.openLab(labName, null)) {
      KnownTarget known = environment.target(target);
      DiagnosisPorts ports = environment.ports();
      if (nodes.isPresent()) {
        ports = selected(ports, nodes.get());
      }
      return new DiagnosisRunner(ports, Diagnoser.standard(), PARALLELISM, clock)
          .run(
              new DiagnosisRequest(
                  known.target(), probeTimeout, known.awsQuery(), known.clusterPodCidr()));
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
