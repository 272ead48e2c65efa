package io.peerfix.cli;

import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabPaths;
import io.peerfix.lab.LabState;
import io.peerfix.lab.LabStatus;
import io.peerfix.lab.Privileges;
import io.peerfix.lab.Scenario;
import io.peerfix.lab.ScenarioCatalog;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
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
      LabUpCommand.class,
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
