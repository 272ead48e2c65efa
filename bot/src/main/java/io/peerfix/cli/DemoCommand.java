package io.peerfix.cli;

import io.peerfix.demo.DemoOutcome;
import io.peerfix.demo.LabDemo;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.Privileges;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioCatalog;
import io.peerfix.lab.ScenarioLoader;
import io.peerfix.probe.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix demo}: the whole story in the lab, on the real kernel: build a scenario, diagnose
 * it (showing the bot's Slack message), approve and apply the node fix through the agents, verify,
 * revert, tear down.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The whole story on the real kernel: build, diagnose, approve, fix, verify, revert.",
      "Builds a scenario in the lab, diagnoses it as the bot would in a cluster and shows the"
          + " bot's Slack message, approves the node fix as the demo approver so the lab's agents"
          + " apply it (canary first), verifies it with new probes and the database's view,"
          + " reverts it, shows the pods failing again and removes the lab (Ctrl-C too). Needs"
          + " root (network namespaces); no Slack, cluster or AWS account."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the expected root cause was found and, where a node fix applies, it worked and reverted",
      "1:the diagnosis, the fix or the revert did not turn out as the scenario expects",
      "2:bad input or not root (the reason is on stderr)"
    })
final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--scenario",
      defaultValue = "seed-incident",
      paramLabel = "NAME",
      description = "A built-in scenario (default: ${DEFAULT-VALUE}; lab scenarios lists them).")
  String scenarioName;

  @Option(
      names = "--scenario-file",
      paramLabel = "FILE",
      description = "Your own scenario file instead of a built-in one.")
  Path scenarioFile;

  @Option(
      names = "--nodes",
      paramLabel = "N",
      description = "Number of nodes (default: the scenario's).")
  Integer nodes;

  @Option(
      names = "--name",
      defaultValue = "pfdemo",
      paramLabel = "LAB",
      description = "The lab's name (default: ${DEFAULT-VALUE}).")
  String labName;

  @Option(
      names = "--timeout",
      defaultValue = "2s",
      paramLabel = "DURATION",
      description = "Time each probe's connect may take (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(
      names = "--keep",
      description = "Leave the lab up afterwards to explore it (the demo prints the commands).")
  boolean keep;

  @Override
  public Integer call() throws IOException {
    Privileges.requireLabCapabilities("demo");
    Scenario scenario;
    String yaml;
    if (scenarioFile != null) {
      scenario = ScenarioLoader.fromFile(scenarioFile);
      yaml = Files.readString(scenarioFile);
    } else {
      scenario = ScenarioCatalog.builtIn(scenarioName);
      yaml = ScenarioCatalog.text(scenarioName);
    }
    LabDemo demo =
        new LabDemo(
            new Lab(new ProcessCommandRunner(), LabPaths.standard(), Clock.systemUTC()),
            new ProcessCommandRunner(),
            Clock.systemUTC(),
            spec.commandLine().getOut());
    DemoOutcome outcome =
        demo.run(
            labName,
            scenario,
            yaml,
            nodes == null ? scenario.cluster().nodes() : nodes,
            Durations.parse("--timeout", timeout),
            keep);
    return outcome.succeeded() ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
