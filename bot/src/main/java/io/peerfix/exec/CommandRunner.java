package io.peerfix.exec;

import java.time.Duration;
import java.util.List;

/**
 * Runs one external program as an argv list (never through a shell) and returns what it did.
 *
 * <p>Implementations never throw for a program that fails, times out or cannot be started: that is
 * reported in the {@link CommandResult}, so callers decide what a failure means.
 */
@FunctionalInterface
public interface CommandRunner {

  /**
   * Runs {@code argv} with {@code stdin} as its standard input (may be empty), killing it after
   * {@code timeout}.
   */
  CommandResult run(List<String> argv, String stdin, Duration timeout);

  default CommandResult run(List<String> argv, Duration timeout) {
    return run(argv, "", timeout);
  }
}
