package io.peerfix.cli;

import io.peerfix.common.UserInputException;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.lab.Privileges;
import io.peerfix.orchestration.ClusterEnvironments;
import io.peerfix.orchestration.ClusterOpener;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisJson;
import io.peerfix.orchestration.DiagnosisReport;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.orchestration.EnvironmentOpener;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.orchestration.LabEnvironments;
import io.peerfix.probe.Durations;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix diagnose TARGET --lab} or {@code --config FILE}: probes the target from a pod and
 * from the host network of every node, reads the nodes' nat tables and the AWS view, and reports
 * one root cause with its evidence, per-node verdicts and ranked fixes. With {@code --config} it
 * works on the real cluster (kubeconfig or in-cluster service account) and AWS account (the SDK's
 * default credentials) the configuration file describes.
 */
@Command(
    name = "diagnose",
    mixinStandardHelpOptions = true,
    description = {
      "Find why pods cannot reach a target, with the evidence and ranked fixes.",
      "Prints the root cause, confidence, evidence, per-node verdicts and ranked fixes. TARGET is"
          + " the scenario's peer.target.name with --lab, a configured target's name with"
          + " --config."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:answered (whatever the root cause)",
      "1:the diagnosis could not run",
      "2:bad input, e.g. an unknown target (the reason is on stderr)"
    })
final class DiagnoseCommand implements Callable<Integer> {
  /** Enough threads for a probe from a pod and a host on every node of a sizeable lab at once. */
  private static final int PARALLELISM = 64;

  private final EnvironmentOpener opener;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "The target's name.")
  String target;

  @Option(names = "--lab", description = "Diagnose the running lab.")
  boolean lab;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Diagnose the cluster and AWS account this configuration file describes (targets,"
              + " cluster, aws).")
  Path config;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description =
          "With --config: the kubeconfig file to use (default: KUBECONFIG, ~/.kube/config, or the"
              + " in-cluster service account).")
  Path kubeconfig;

  @Option(
      names = "--lab-name",
      defaultValue = "peerfix",
      paramLabel = "NAME",
      description = "The lab to diagnose (default: ${DEFAULT-VALUE}).")
  String labName;

  @Option(
      names = "--scenario-file",
      paramLabel = "FILE",
      description =
          "Build this scenario as a lab first and remove it at the end (to keep a lab, use lab up"
              + " and diagnose --lab).")
  Path scenarioFile;

  @Option(
      names = "--timeout",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description =
          "Time each probe's connect may take, e.g. 2s or 500ms (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "Print one JSON object instead of the report.")
  boolean json;

  private final ClusterOpener clusterOpener;

  DiagnoseCommand() {
    this(LabEnvironments.opener(), ClusterEnvironments.opener(Clock.systemUTC()));
  }

  DiagnoseCommand(EnvironmentOpener opener) {
    this(opener, ClusterEnvironments.opener(Clock.systemUTC()));
  }

  DiagnoseCommand(EnvironmentOpener opener, ClusterOpener clusterOpener) {
    this.opener = opener;
    this.clusterOpener = clusterOpener;
  }

  @Override
  public Integer call() {
    if (lab == (config != null)) {
      throw new UserInputException(
          lab
              ? "give either --lab or --config FILE, not both"
              : "say where to diagnose: --config FILE for a cluster and AWS account, or --lab"
                  + " (and --lab-name NAME if it is not 'peerfix') for the lab");
    }
    if (kubeconfig != null && config == null) {
      throw new UserInputException("--kubeconfig goes with --config FILE");
    }
    Duration probeTimeout = Durations.parse("--timeout", timeout);
    try (DiagnosisEnvironment environment = open()) {
      KnownTarget known = environment.target(target);
      DiagnosisRun run =
          new DiagnosisRunner(
                  environment.ports(), Diagnoser.standard(), PARALLELISM, Clock.systemUTC())
              .run(
                  new DiagnosisRequest(
                      known.target(), probeTimeout, known.awsQuery(), known.clusterPodCidr()));
      spec.commandLine()
          .getOut()
          .print(json ? DiagnosisJson.text(run) + "\n" : DiagnosisReport.text(run));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  private DiagnosisEnvironment open() {
    if (config != null) {
      // The whole file is checked before anything connects anywhere.
      PeerfixConfig parsed = PeerfixConfig.load(config, System.getenv());
      return clusterOpener.openCluster(parsed, kubeconfig, target);
    }
    Privileges.requireLabCapabilities("diagnose --lab");
    return opener.openLab(labName, scenarioFile);
  }
}
