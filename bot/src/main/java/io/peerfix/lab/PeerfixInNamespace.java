package io.peerfix.lab;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a peerfix subcommand (the probe, the agent) inside a lab namespace, as the real probe pod or
 * agent runs it on a node: the same Java and class path as this process, started through {@code ip
 * netns exec}. Flags favour start-up time, since each run is short.
 */
final class PeerfixInNamespace {
  private final CommandRunner runner;

  PeerfixInNamespace(CommandRunner runner) {
    this.runner = runner;
  }

  CommandResult run(String namespace, List<String> args, Duration timeout) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "ip",
                "netns",
                "exec",
                namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto",
                "-cp",
                System.getProperty("java.class.path"),
                "io.peerfix.cli.Main"));
    argv.addAll(args);
    return runner.run(argv, timeout);
  }

  /** The last line of {@code stdout} that looks like a JSON object, or null. */
  static String jsonLine(String stdout) {
    String[] lines = stdout.strip().split("\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].startsWith("{")) {
        return lines[i];
      }
    }
    return null;
  }
}
