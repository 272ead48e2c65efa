package io.peerfix.testing;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An in-memory {@link CommandRunner}: canned results by argv, and a record of what was run. A
 * command it does not know behaves like a program that is not installed.
 */
public final class FakeCommandRunner implements CommandRunner {
  private final Map<List<String>, CommandResult> results = new HashMap<>();
  private final List<List<String>> calls = new ArrayList<>();

  /** {@code argv} prints {@code stdout} and exits 0. */
  public FakeCommandRunner prints(String stdout, String... argv) {
    results.put(List.of(argv), new CommandResult(List.of(argv), 0, stdout, "", false));
    return this;
  }

  /** {@code argv} exits with {@code code} and says {@code stderr}. */
  public FakeCommandRunner fails(int code, String stderr, String... argv) {
    results.put(List.of(argv), new CommandResult(List.of(argv), code, "", stderr, false));
    return this;
  }

  @Override
  public CommandResult run(List<String> argv, String stdin, Duration timeout) {
    calls.add(List.copyOf(argv));
    CommandResult known = results.get(List.copyOf(argv));
    return known != null
        ? known
        : new CommandResult(argv, -1, "", "cannot start: No such file or directory", false);
  }

  public List<List<String>> calls() {
    return List.copyOf(calls);
  }
}
