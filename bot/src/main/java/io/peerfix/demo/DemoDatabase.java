package io.peerfix.demo;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.lab.Lab;
import io.peerfix.lab.Scenario;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks the lab's database itself which address each pod's connection came from (with {@code psql}
 * inside the pod's namespace, when it is installed): the proof that the pods now leave with their
 * nodes' addresses.
 */
final class DemoDatabase {
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

  private final Lab lab;
  private final CommandRunner runner;

  DemoDatabase(Lab lab, CommandRunner runner) {
    this.lab = lab;
    this.runner = runner;
  }

  /** One line per pod; empty when the scenario's target does not listen. */
  List<String> serverSees(String labName, Scenario scenario, int nodes) {
    List<String> lines = new ArrayList<>();
    Scenario.Target target = scenario.peer().target();
    if (!target.listening()) {
      return lines;
    }
    for (int i = 1; i <= nodes; i++) {
      CommandResult result =
          runner.run(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  lab.namespaceOf(labName, "pod" + i),
                  "psql",
                  "host="
                      + target.ip()
                      + " port="
                      + target.port()
                      + " user=postgres dbname=postgres connect_timeout=3",
                  "-Atc",
                  "select inet_client_addr()"),
              COMMAND_TIMEOUT);
      if (result.exitCode() == -1 && result.stderr().startsWith("cannot start")) {
        lines.add("(psql is not installed: skipping the server-side check)");
        return lines;
      }
      lines.add(
          "pod"
              + i
              + " -> database: "
              + (result.ok()
                  ? "the server sees the connection from " + result.stdout().strip()
                  : "no connection (" + result.describeFailure() + ")"));
    }
    return lines;
  }
}
