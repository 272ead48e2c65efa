package io.peerfix.cli;

import io.peerfix.agent.AgentCommand;
import io.peerfix.common.CommandName;
import io.peerfix.probe.ProbeCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point of the peerfix jar: every feature is a subcommand. */
@Command(
    name = "peerfix",
    mixinStandardHelpOptions = true,
    version = "peerfix 0.1.0",
    description = "Finds why pods cannot reach a database in a peered VPC, proves it, fixes it.")
public final class Main implements Runnable {
  /**
   * Every subcommand, in the order {@code peerfix --help} lists them. They are registered in code
   * rather than in the annotation so that a run builds the picocli model (reflection over every
   * option of every command) only of the subcommand it asks for: that model building is a large
   * part of the start-up of a short run such as {@code peerfix nat explain}.
   */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
          NatCommand.class,
          LabCommand.class,
          ProbeCommand.class,
          AgentCommand.class,
          DiagnoseCommand.class,
          FixCommand.class,
          DemoCommand.class,
          ServeCommand.class);

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
    CommandLine cli = commandLine(args.length > 0 ? args[0] : null);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(ExitCodes::forException);
    cli.setParameterExceptionHandler(ExitCodes::onBadParameters);
    cli.setExecutionExceptionHandler(ExitCodes::onFailure);
    try {
      return cli.execute(args);
    } catch (StackOverflowError | OutOfMemoryError e) {
      // The last line of defence: whatever ran out, the user gets one line, never a stack trace.
      return ExitCodes.onExhausted(e, err);
    }
  }

  /**
   * The command line with only the subcommand named by {@code first} when it names one, else with
   * all of them (help, version, an unknown or missing subcommand: picocli then lists them all or
   * suggests the closest, exactly as with a full registration).
   */
  private static CommandLine commandLine(String first) {
    Class<?> only = null;
    for (Class<?> sub : SUBCOMMANDS) {
      if (sub.getAnnotation(Command.class).name().equals(first)) {
        only = sub;
      }
    }
    CommandLine cli = new CommandLine(new Main());
    for (Class<?> sub : SUBCOMMANDS) {
      if (only == null || sub == only) {
        cli.addSubcommand(sub);
      }
    }
    // Usage lines name the command as the user ran it (bin/peerfix from a clone), like messages.
    cli.setCommandName(CommandName.get());
    return cli;
  }

  /** The command line with every subcommand, for tests that walk the whole tree. */
  static CommandLine fullCommandLine() {
    return commandLine(null);
  }

  @Override
  public void run() {
    commandLine(null).usage(System.out);
  }
}
