package io.peerfix.cli;

import io.peerfix.common.Problems;
import io.peerfix.common.UserInputException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The exit-code contract of every subcommand: 0 answered, 1 the job failed, 2 bad input. Errors
 * reach the user as one line on stderr that says what was wrong and what to do, never as a stack
 * trace.
 */
final class ExitCodes {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int BAD_INPUT = 2;

  private ExitCodes() {}

  static int forException(Throwable t) {
    return t instanceof UserInputException ? BAD_INPUT : FAILED;
  }

  static int onBadParameters(ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("peerfix: " + e.getMessage());
    err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
    return BAD_INPUT;
  }

  /**
   * A JVM resource ran out (an input nested or sized beyond what a guard caught): bad input, said
   * in one line with what to do.
   */
  static int onExhausted(Error e, PrintWriter err) {
    err.println(
        e instanceof StackOverflowError
            ? "peerfix: the input nests too deeply (out of stack); give a smaller or flatter input"
            : "peerfix: out of memory reading the input; give a smaller input, or a larger heap"
                + " (PEERFIX_JAVA_OPTS=-Xmx1g)");
    err.flush();
    return BAD_INPUT;
  }

  static int onFailure(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    err.println("peerfix: " + Problems.describe(e));
    return forException(e);
  }
}
