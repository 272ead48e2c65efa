package io.peerfix.cli;

import io.peerfix.common.CommandName;
import io.peerfix.common.Problems;
import io.peerfix.common.UserInputException;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.AddressPlan;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabGuard;
import io.peerfix.lab.LabGuard.NormalEnd;
import io.peerfix.lab.LabLayout;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.LabState;
import io.peerfix.lab.LabStatus;
import io.peerfix.lab.Privileges;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioCatalog;
import io.peerfix.lab.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix lab}: build a scenario on the real kernel in network namespaces, inspect it, run
 * commands in it, remove it. All but {@code scenarios} need root; without it they exit 2 with a
 * message saying so.
 */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Reproduce a pod-to-peered-database failure on the real kernel, in namespaces.",
    footer = {
      "",
      "Exit codes: 0 done, 1 failed (for status: a member is broken), 2 bad input, not root,",
      "or (status, exec) no such lab.",
      "exec passes the command's own exit code through."
    },
    subcommands = {
      LabCommand.Up.class,
      LabCommand.Status.class,
      LabCommand.Down.class,
      LabCommand.Scenarios.class,
      LabCommand.Exec.class
    })
final class LabCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The {@code --name LAB} option of the lab subcommands. */
  static final class LabName {
    @Option(
        names = "--name",
        paramLabel = "LAB",
        defaultValue = Lab.DEFAULT_NAME,
        description = "Lab name, prefix of its namespaces (default: ${DEFAULT-VALUE}).")
    String name;
  }

  static Lab lab() {
    return new Lab(new ProcessCommandRunner(), LabPaths.standard(), Clock.systemUTC());
  }

  /** {@code peerfix lab up}. */
  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = "Build a lab from a scenario.")
  static final class Up implements Callable<Integer> {
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

    @Mixin LabName labName;

    @Override
    public Integer call() {
      String yaml = source.file != null ? read(source.file) : ScenarioCatalog.text(source.name);
      Scenario scenario =
          source.file != null
              ? ScenarioLoader.parse(source.file.toString(), yaml)
              : ScenarioCatalog.builtIn(source.name);
      Privileges.requireLabCapabilities("lab up");
      int count = nodes != null ? nodes : scenario.cluster().nodes();
      Lab.checkNodeCount(scenario, count);
      long start = System.nanoTime();
      Lab lab = lab();
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
          out,
          new AddressPlan(scenario, state.nodes()),
          new LabLayout(labName.name, state.nodes()));
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

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UserInputException(
            "cannot read scenario file " + file + ": " + Problems.fileReason(e));
      }
    }
  }

  /** {@code peerfix lab status}. */
  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = "Show a lab's members, addresses and programs.")
  static final class Status implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LabName labName;

    @Override
    public Integer call() {
      Privileges.requireLabCapabilities("lab status");
      var status = lab().status(labName.name);
      if (status.isEmpty()) {
        throw Lab.notUp(labName.name);
      }
      PrintWriter out = spec.commandLine().getOut();
      LabState s = status.get().state();
      out.printf(
          "lab %s: %s, scenario %s (expected root cause %s), %d nodes, since %s%n",
          s.name(),
          s.status(),
          s.scenario(),
          Objects.requireNonNullElse(s.expectedRootCause(), "none stated"),
          s.nodes(),
          s.createdAt());
      print(out, status.get());
      return status.get().healthy() ? ExitCodes.OK : ExitCodes.FAILED;
    }

    static void print(PrintWriter out, LabStatus status) {
      out.printf("%-8s %-22s %-40s %s%n", "MEMBER", "NAMESPACE", "ADDRESSES", "PROGRAMS");
      for (LabStatus.Member m : status.members()) {
        List<String> programs = new ArrayList<>();
        m.programs()
            .forEach(
                p -> programs.add(p.name() + " pid " + p.pid() + (p.alive() ? " alive" : " DEAD")));
        out.printf(
            "%-8s %-22s %-40s %s%n",
            m.name(),
            m.namespace() + (m.exists() ? "" : " (MISSING)"),
            String.join(", ", m.addresses()),
            String.join(", ", programs));
      }
    }
  }

  /** {@code peerfix lab down}. */
  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Remove a lab: namespaces, programs, files.")
  static final class Down implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin LabName labName;

    @Override
    public Integer call() {
      Privileges.requireLabCapabilities("lab down");
      int removed = lab().down(labName.name);
      spec.commandLine()
          .getOut()
          .println(
              removed == 0
                  ? "lab " + labName.name + " was not up; nothing left behind"
                  : "lab " + labName.name + " removed (" + removed + " namespaces)");
      return ExitCodes.OK;
    }
  }

  /** {@code peerfix lab scenarios}. */
  @Command(
      name = "scenarios",
      mixinStandardHelpOptions = true,
      description = "List the built-in scenarios.")
  static final class Scenarios implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      for (Scenario s : ScenarioCatalog.all()) {
        out.printf("%-22s %-27s %s%n", s.name(), s.expect().rootCause(), s.description());
      }
      return ExitCodes.OK;
    }
  }

  /** {@code peerfix lab exec MEMBER -- CMD...}. */
  @Command(
      name = "exec",
      mixinStandardHelpOptions = true,
      description = "Run a command in a lab member's network namespace (argv, no shell).")
  static final class Exec implements Callable<Integer> {
    @Parameters(
        index = "0",
        paramLabel = "MEMBER",
        description = "node1..nodeN, pod1..podN, target, router or dns.")
    String member;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command.")
    List<String> command;

    @Mixin LabName labName;

    @Override
    public Integer call() throws InterruptedException {
      Privileges.requireLabCapabilities("lab exec");
      String ns = lab().namespaceOf(labName.name, member);
      List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns));
      argv.addAll(command);
      try {
        // Interactive by design: the user's own command, its own terminal, no deadline.
        return new ProcessBuilder(argv).inheritIO().start().waitFor();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot run ip netns exec", e);
      }
    }
  }
}
