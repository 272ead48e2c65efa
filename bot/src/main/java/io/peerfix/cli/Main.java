package io.peerfix.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point of the peerfix jar: every feature is a subcommand. */
@Command(
    name = "peerfix",
    mixinStandardHelpOptions = true,
    version = "peerfix 0.1.0",
    description = "Finds why pods cannot reach a database in a peered VPC, proves it, fixes it.",
    subcommands = {NatCommand.class, LabCommand.class})
public final class Main implements Runnable {

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code: 0 answered, 2 bad input, 1 failure. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
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
