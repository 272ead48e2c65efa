package io.peerfix.orchestration;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabGuard;
import io.peerfix.lab.LabGuard.NormalEnd;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioLoader;
import io.peerfix.net.Cidr;
import io.peerfix.vpc.AwsQuery;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Opens a lab as a {@link DiagnosisEnvironment}: its one target (the scenario's {@code
 * peer.target}, probed as PostgreSQL on 5432 and as TCP elsewhere), the AWS query for the
 * scenario's cluster VPC and database host, the scenario's pod range, and the lab's adapters of the
 * four ports. With a scenario file the lab is built first, for this diagnosis only: closing the
 * environment removes it, and so does a signal that stops the process (a lab of that name that is
 * already up is refused, never replaced).
 */
public final class LabEnvironments {
  private final Lab lab;
  private final BiFunction<Lab, String, DiagnosisPorts> ports;

  public LabEnvironments(Lab lab, BiFunction<Lab, String, DiagnosisPorts> ports) {
    this.lab = lab;
    this.ports = ports;
  }

  /** The lab on this machine, with the lab's collectors. */
  public static EnvironmentOpener opener() {
    Lab lab = new Lab(new ProcessCommandRunner(), LabPaths.standard(), Clock.systemUTC());
    return new LabEnvironments(lab, LabEnvironments::labPorts)::open;
  }

  public DiagnosisEnvironment open(String labName, Path scenarioFile) {
    Scenario scenario;
    LabGuard built = null;
    if (scenarioFile != null) {
      String yaml = ScenarioLoader.text(scenarioFile);
      scenario = ScenarioLoader.parse(scenarioFile.toString(), yaml);
      if (lab.state(labName).isPresent()) {
        throw new UserInputException(
            "lab "
                + labName
                + " is already up; diagnose it as it is with --lab-name "
                + labName
                + " and no --scenario-file, or build yours under another name with --lab-name"
                + " NAME, or remove it first with "
                + LabGuard.removeCommand(labName));
      }
      built =
          LabGuard.guard(lab, labName, NormalEnd.REMOVE, m -> System.err.println("peerfix: " + m));
      try {
        lab.up(labName, scenario, yaml, scenario.cluster().nodes());
      } catch (RuntimeException e) {
        built.close();
        throw e;
      }
    } else {
      scenario =
          lab.scenario(labName)
              .orElseThrow(
                  () ->
                      new UserInputException(
                          Lab.notUp(labName).getMessage() + " (or pass --scenario-file FILE)"));
    }
    KnownTarget target = target(scenario);
    LabGuard guard = built;
    return new DiagnosisEnvironment() {
      @Override
      public List<KnownTarget> targets() {
        return List.of(target);
      }

      @Override
      public DiagnosisPorts ports() {
        return ports.apply(lab, labName);
      }

      @Override
      public void close() {
        if (guard != null) {
          guard.close();
        }
      }
    };
  }

  /** The scenario's target as a diagnosis target with its AWS query. */
  static KnownTarget target(Scenario scenario) {
    Scenario.Target t = scenario.peer().target();
    ProbeProtocol protocol = t.port() == 5432 ? ProbeProtocol.POSTGRES : ProbeProtocol.TCP;
    return new KnownTarget(
        new DiagnosisTarget(t.name(), t.host(), t.port(), protocol),
        AwsQuery.byEndpoint(scenario.cluster().vpc().id(), t.host()),
        Cidr.parse(scenario.cluster().podCidr()));
  }

  /** The running lab's adapters of the four ports. */
  private static DiagnosisPorts labPorts(Lab lab, String labName) {
    return new DiagnosisPorts(
        lab.nodeDirectory(labName),
        lab.nodeFactsReader(labName),
        lab.podProber(labName),
        lab.awsNetworkReader(labName));
  }
}
