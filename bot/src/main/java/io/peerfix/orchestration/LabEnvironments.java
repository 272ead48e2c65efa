package io.peerfix.orchestration;

import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioLoader;
import io.peerfix.vpc.AwsQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Opens a lab as a {@link DiagnosisEnvironment}: its one target (the scenario's {@code
 * peer.target}, probed as PostgreSQL on 5432 and as TCP elsewhere), the AWS query for the
 * scenario's cluster VPC and database host, the scenario's pod range, and the lab's adapters of the
 * four ports. With a scenario file the lab is built first (and stays up, as {@code peerfix lab up}
 * leaves it).
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
    if (scenarioFile != null) {
      scenario = ScenarioLoader.fromFile(scenarioFile);
      lab.up(labName, scenario, read(scenarioFile), scenario.cluster().nodes());
    } else {
      scenario =
          lab.scenario(labName)
              .orElseThrow(
                  () ->
                      new UserInputException(
                          "lab '"
                              + labName
                              + "' is not up; start it with: peerfix lab up --scenario NAME"
                              + " (or pass --scenario-file FILE)"));
    }
    KnownTarget target = target(scenario);
    return new DiagnosisEnvironment() {
      @Override
      public List<KnownTarget> targets() {
        return List.of(target);
      }

      @Override
      public DiagnosisPorts ports() {
        return ports.apply(lab, labName);
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
        scenario.cluster().podCidr());
  }

  /** The running lab's adapters of the four ports. */
  private static DiagnosisPorts labPorts(Lab lab, String labName) {
    return new DiagnosisPorts(
        lab.nodeDirectory(labName),
        lab.nodeFactsReader(labName),
        lab.podProber(labName),
        lab.awsNetworkReader(labName));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UserInputException("cannot read scenario file " + file + ": " + e.getMessage());
    }
  }
}
