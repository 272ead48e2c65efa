package io.peerfix.demo;

import io.peerfix.common.CommandName;
import io.peerfix.exec.CommandRunner;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabGuard;
import io.peerfix.lab.LabGuard.NormalEnd;
import io.peerfix.lab.LabState;
import io.peerfix.lab.Scenario;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.LabEnvironments;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;

/**
 * The whole peerfix story on the real kernel, with no Slack, cluster or AWS account: build the
 * scenario as a lab, diagnose its target as the bot would (its Slack message, evidence and Approve
 * button shown in the terminal), approve the node fix as the demo approver so the agents in the
 * node namespaces apply it, verify with new probes that the pods now reach the database (and that
 * the database sees the nodes' addresses), revert it and show the pods failing again, and tear the
 * lab down (also on Ctrl-C).
 */
public final class LabDemo {
  private final Lab lab;
  private final CommandRunner runner;
  private final Clock clock;
  private final PrintWriter out;

  public LabDemo(Lab lab, CommandRunner runner, Clock clock, PrintWriter out) {
    this.lab = lab;
    this.runner = runner;
    this.clock = clock;
    this.out = out;
  }

  /**
   * Runs the demo in lab {@code labName} (built here, removed at the end unless {@code keep}).
   *
   * @return what happened, for the exit code and for tests
   */
  public DemoOutcome run(
      String labName,
      Scenario scenario,
      String scenarioYaml,
      int nodes,
      Duration probeTimeout,
      boolean keep) {
    Lab.checkNodeCount(scenario, nodes);
    say("== 1. Building the lab for scenario '%s' (%d nodes) ==", scenario.name(), nodes);
    say("   %s", scenario.description());
    lab.state(labName)
        .ifPresent(
            s ->
                say(
                    "   (replacing the lab %s left up by an earlier run, scenario %s)",
                    labName, s.scenario()));
    try (LabGuard guard =
        LabGuard.guard(
            lab, labName, keep ? NormalEnd.KEEP : NormalEnd.REMOVE, m -> say("%n== %s ==", m))) {
      LabState state = lab.up(labName, scenario, scenarioYaml, nodes);
      DemoOutcome outcome = diagnoseFixVerify(labName, scenario, state, probeTimeout);
      if (keep) {
        explore(labName, scenario);
      }
      return outcome;
    } finally {
      out.flush();
    }
  }

  /** The commands that look inside the kept lab, exactly as they run (its name included). */
  private void explore(String labName, Scenario scenario) {
    Scenario.Target target = scenario.peer().target();
    String name = " --name " + labName;
    say("%n== Explore the lab ==");
    say("   %s", CommandName.line("lab status" + name));
    say("   %s", CommandName.line("lab exec" + name + " pod1 -- getent hosts " + target.host()));
    if (target.listening()) {
      say(
          "   %s",
          CommandName.line(
              "lab exec"
                  + name
                  + " pod1 -- psql 'host="
                  + target.host()
                  + " port="
                  + target.port()
                  + " user=postgres connect_timeout=2' -c 'select inet_client_addr()'"));
    }
    say("   %s", CommandName.line("lab exec" + name + " node1 -- iptables -t nat -S POSTROUTING"));
  }

  private DemoOutcome diagnoseFixVerify(
      String labName, Scenario scenario, LabState state, Duration probeTimeout) {
    try (DiagnosisEnvironment environment = LabEnvironments.opener().openLab(labName, null)) {
      return new DemoStory(new DemoOut(out), new DemoDatabase(lab, runner), clock)
          .tell(environment, labName, scenario, state, probeTimeout);
    } catch (InterruptedException e) {
      // Ctrl-C during a wait: the guard below removes the lab.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the demo was interrupted", e);
    }
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
