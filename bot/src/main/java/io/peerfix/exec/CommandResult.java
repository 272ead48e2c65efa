package io.peerfix.exec;

import java.util.List;

/**
 * What an external program did: its exit code ({@code -1} when it could not be started or was
 * killed at its timeout), its output, and whether the timeout ended it.
 */
public record CommandResult(
    List<String> argv, int exitCode, String stdout, String stderr, boolean timedOut) {

  public CommandResult {
    argv = List.copyOf(argv);
  }

  public boolean ok() {
    return exitCode == 0 && !timedOut;
  }

  /** One line for errors and logs: the command, and why it failed. */
  public String describeFailure() {
    String cmd = String.join(" ", argv);
    if (timedOut) {
      return "`" + cmd + "` timed out";
    }
    String why = stderr.isBlank() ? stdout.strip() : stderr.strip();
    return "`" + cmd + "` exited " + exitCode + (why.isEmpty() ? "" : ": " + why);
  }

  /** Returns this result when it succeeded, otherwise throws with {@link #describeFailure()}. */
  public CommandResult orThrow() {
    if (!ok()) {
      throw new CommandFailedException(this);
    }
    return this;
  }
}
