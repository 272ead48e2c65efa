package io.peerfix.cli;

import io.peerfix.agent.AgentCommand;
import io.peerfix.probe.ProbeCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point of the peerfix jar: every feature is a subcommand. */
@Command(
    name = "peerfix",
    mixinStandardHelpOptions = true,
    version = "peerfix 0.1.0",
    description = "Finds why pods cannot reach a database in a peered VPC, proves it, fixes it.",
    subcommands = {
      NatCommand.class,
      LabCommand.class,
      ProbeCommand.class,
      AgentCommand.class,
      DiagnoseCommand.class,
      DemoCommand.class,
    })
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code: 0 answered, 2 bad input, 1 failure. */
  public static int run(String... args) {
    return run(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8),
        args);
  }

  /** Runs the command line with its output going to {@code out} and {@code err}. */
  public static int run(PrintWriter out, PrintWriter err, String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setParameterExceptionHandler(ExitCodes::onBadParameters);
    cli.setExecutionExceptionHandler(ExitCodes::onFailure);
    return cli.execute(args);
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
