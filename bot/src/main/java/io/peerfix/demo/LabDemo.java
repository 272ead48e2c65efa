package io.peerfix.demo;

import io.peerfix.common.CommandName;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeFix;
import io.peerfix.lab.Lab;
import io.peerfix.lab.LabGuard;
import io.peerfix.lab.LabGuard.NormalEnd;
import io.peerfix.lab.LabState;
import io.peerfix.lab.Scenario;
import io.peerfix.net.Ipv4;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisReport;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.orchestration.LabEnvironments;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The whole peerfix story on the real kernel, with no Slack, cluster or AWS account: build the
 * scenario as a lab, diagnose its target as peerfix would in a cluster, propose the node fix and
 * approve it as the demo approver so the agents in the node namespaces apply it, verify with new
 * probes that the pods now reach the database (and that the database sees the node's address), and
 * tear the lab down.
 */
public final class LabDemo {
  private static final int PARALLELISM = 64;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

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
      return diagnoseFixVerify(environment, labName, scenario, state, probeTimeout);
    }
  }

  private DemoOutcome diagnoseFixVerify(
      DiagnosisEnvironment environment,
      String labName,
      Scenario scenario,
      LabState state,
      Duration probeTimeout) {
    KnownTarget target = environment.target(scenario.peer().target().name());
    DiagnosisRunner diagnoser =
        new DiagnosisRunner(environment.ports(), Diagnoser.standard(), PARALLELISM, clock);
    DiagnosisRequest request =
        new DiagnosisRequest(
            target.target(), probeTimeout, target.awsQuery(), target.clusterPodCidr());

    say("%n== 2. /peerfix diagnose %s ==", target.name());
    DiagnosisRun before = diagnoser.run(request);
    out.print(indent(DiagnosisReport.text(before)));
    RootCause found = before.diagnosis().rootCause();
    boolean asExpected;
    if (scenario.expect().known()) {
      RootCause expected = scenario.expect().rootCause();
      asExpected = found == expected;
      say(
          "   %s: the scenario expects %s, peerfix found %s",
          asExpected ? "OK" : "MISMATCH", expected, found.name());
    } else {
      asExpected = true;
      say("   peerfix found %s (the scenario file states no expected root cause)", found.name());
    }

    Optional<NodeFix> nodeFix = before.diagnosis().nodeFix();
    if (nodeFix.isEmpty()) {
      if (found == RootCause.HEALTHY) {
        say("%n== 3. Nothing to fix: the pods reach %s ==", target.name());
      } else if (before.diagnosis().fixes().isEmpty()) {
        say("%n== 3. No fix to apply: peerfix proposes none for %s ==", found.name());
      } else {
        say(
            "%n== 3. No node fix applies to %s: the fixes above are outside the nodes ==",
            found.name());
      }
      return new DemoOutcome(found, asExpected, null, false, List.of());
    }

    say(
        "%n== 3. Propose the node fix for %d node(s), approve it: the agents apply it, canary"
            + " first ==",
        nodeFix.get().nodes().size());
    Optional<FixRecord> fixed =
        new DemoFixStep(clock, out).run(labName, before, environment, probeTimeout);
    if (fixed.isEmpty()) {
      say("   the node fix could not be proposed (see above)");
    }

    say("%n== 4. Verify: new probes from every pod ==");
    DiagnosisRun after = diagnoser.run(request);
    RootCause now = after.diagnosis().rootCause();
    after
        .diagnosis()
        .nodes()
        .forEach(
            node ->
                say(
                    "   %s: pod probe %s, pod source %s leaves as %s",
                    node.node(),
                    node.podProbe() == null ? "not run" : node.podProbe().text(),
                    node.podSource().map(Ipv4::toString).orElse("(not reported)"),
                    node.sourceAfterNat().map(Ipv4::toString).orElse("(unknown)")));
    List<String> seen = serverSees(labName, scenario, state.nodes());
    seen.forEach(line -> say("   %s", line));
    boolean verified = now == RootCause.HEALTHY;
    say("   %s: after the fix peerfix finds %s", verified ? "OK" : "NOT FIXED", now.name());
    return new DemoOutcome(found, asExpected, nodeFix.get(), verified, seen);
  }

  private CommandResult inMember(String labName, String member, List<String> argv) {
    List<String> full =
        new ArrayList<>(List.of("ip", "netns", "exec", lab.namespaceOf(labName, member)));
    full.addAll(argv);
    return runner.run(full, COMMAND_TIMEOUT);
  }

  /**
   * Asks the database itself which address each pod's connection came from, when {@code psql} is
   * installed: the proof that the pod now leaves with its node's address.
   */
  private List<String> serverSees(String labName, Scenario scenario, int nodes) {
    List<String> lines = new ArrayList<>();
    Scenario.Target target = scenario.peer().target();
    if (!target.listening()) {
      return lines;
    }
    for (int i = 1; i <= nodes; i++) {
      CommandResult result =
          inMember(
              labName,
              "pod" + i,
              List.of(
                  "psql",
                  "host="
                      + target.ip()
                      + " port="
                      + target.port()
                      + " user=postgres dbname=postgres connect_timeout=3",
                  "-Atc",
                  "select inet_client_addr()"));
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

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }

  private static String indent(String text) {
    return text.replaceAll("(?m)^(?=.)", "   ");
  }
}
