package io.peerfix.cli;

import io.peerfix.common.CommandName;
import io.peerfix.common.UserInputException;
import io.peerfix.lab.AddressPlan;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabGuard;
import io.peerfix.lab.LabGuard.NormalEnd;
import io.peerfix.lab.LabLayout;
import io.peerfix.lab.LabState;
import io.peerfix.lab.Privileges;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioCatalog;
import io.peerfix.lab.ScenarioLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix lab up}: builds a scenario (built-in or from a file) as a lab of N nodes, refusing
 * to replace a lab of the same name unless told to ({@code --replace}), and prints where every
 * member is. Stopped by a signal part-way, it removes what it built.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Build a lab from a scenario.")
final class LabUpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  Source source;

  static final class Source {
    @Option(names = "--scenario", paramLabel = "NAME", description = "A built-in scenario.")
    String name;

    @Option(names = "--scenario-file", paramLabel = "FILE", description = "A scenario file.")
    Path file;
  }

  @Option(names = "--nodes", paramLabel = "N", description = "Nodes (default: the scenario's).")
  Integer nodes;

  @Option(
      names = "--replace",
      description = "Remove a lab of the same name first (without it, up refuses to).")
  boolean replace;

  @Mixin LabCommand.LabName labName;

  @Override
  public Integer call() {
    String yaml =
        source.file != null ? ScenarioLoader.text(source.file) : ScenarioCatalog.text(source.name);
    Scenario scenario =
        source.file != null
            ? ScenarioLoader.parse(source.file.toString(), yaml)
            : ScenarioCatalog.builtIn(source.name);
    Privileges.requireLabCapabilities("lab up");
    int count = nodes != null ? nodes : scenario.cluster().nodes();
    Lab.checkNodeCount(scenario, count);
    long start = System.nanoTime();
    Lab lab = LabCommand.lab();
    PrintWriter out = spec.commandLine().getOut();
    Optional<LabState> existing = lab.state(labName.name);
    if (existing.isPresent() && !replace) {
      throw new UserInputException(
          "lab "
              + labName.name
              + " is already up (scenario "
              + existing.get().scenario()
              + "); remove it first with "
              + CommandName.line("lab down" + Lab.nameOption(labName.name))
              + ", or add --replace, or choose another --name");
    }
    existing.ifPresent(
        s -> out.printf("replacing lab %s (scenario %s)%n", labName.name, s.scenario()));
    LabState state;
    PrintWriter err = spec.commandLine().getErr();
    try (LabGuard guard =
        LabGuard.guard(lab, labName.name, NormalEnd.LEAVE, m -> err.println("peerfix: " + m))) {
      state = lab.up(labName.name, scenario, yaml, count);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    out.printf(
        "lab %s up in %.2f s: scenario %s (expected root cause %s), %d nodes%n",
        labName.name,
        seconds,
        state.scenario(),
        Objects.requireNonNullElse(state.expectedRootCause(), "none stated"),
        state.nodes());
    printPlan(
        out, new AddressPlan(scenario, state.nodes()), new LabLayout(labName.name, state.nodes()));
    out.println(
        "Try: "
            + CommandName.line(
                "lab exec"
                    + Lab.nameOption(labName.name)
                    + " pod1 -- getent hosts "
                    + scenario.peer().target().host()));
    out.println("Remove it with: " + CommandName.line("lab down" + Lab.nameOption(labName.name)));
    return ExitCodes.OK;
  }

  /** Where everything is, from the plan: cheap, and what status confirms from the kernel. */
  private static void printPlan(PrintWriter out, AddressPlan plan, LabLayout layout) {
    var target = plan.scenario().peer().target();
    String row = "%-8s %-22s %s%n";
    out.printf(row, "MEMBER", "NAMESPACE", "ADDRESSES");
    out.printf(
        row,
        "router",
        layout.router(),
        plan.routerClusterIp() + " (cluster VPC), " + plan.routerTargetSideIp() + " (peer VPC)");
    out.printf(row, "dns", layout.dns(), plan.dnsIp() + " (answers " + target.host() + ")");
    out.printf(
        row,
        "target",
        layout.target(),
        target.ip()
            + ":"
            + target.port()
            + (target.listening() ? " PostgreSQL" : " (nothing listening)"));
    for (int i = 1; i <= layout.nodes(); i++) {
      out.printf(row, "node" + i, layout.node(i), plan.nodeIp(i) + ", pods " + plan.podCidr(i));
      out.printf(row, "pod" + i, layout.pod(i), plan.podIp(i));
    }
  }
}
