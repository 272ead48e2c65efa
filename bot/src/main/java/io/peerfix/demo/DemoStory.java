package io.peerfix.demo;

import io.peerfix.approval.LabApprovers;
import io.peerfix.common.Counted;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeFix;
import io.peerfix.lab.LabState;
import io.peerfix.lab.Scenario;
import io.peerfix.net.Ipv4;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.slack.SlackTranscript;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The demo's steps 2 to 6 on a lab that is up: the Slack conversation (the command, the live
 * progress, the bot's message with its evidence and Approve button, the thread), the approval and
 * the agents' rollout, the verification with the database's own view, the revert through the path
 * of {@code peerfix fix revert}, and the pods failing again.
 */
final class DemoStory {
  private static final int PARALLELISM = 64;
  private static final String BOX = "   | ";

  private final DemoOut out;
  private final DemoDatabase database;
  private final Clock clock;

  DemoStory(DemoOut out, DemoDatabase database, Clock clock) {
    this.out = out;
    this.database = database;
    this.clock = clock;
  }

  DemoOutcome tell(
      DiagnosisEnvironment environment,
      String labName,
      Scenario scenario,
      LabState state,
      Duration probeTimeout)
      throws InterruptedException {
    KnownTarget target = environment.target(scenario.peer().target().name());
    DiagnosisRunner diagnoser =
        new DiagnosisRunner(environment.ports(), Diagnoser.standard(), PARALLELISM, clock);
    DiagnosisRequest request =
        new DiagnosisRequest(
            target.target(), probeTimeout, target.awsQuery(), target.clusterPodCidr());
    DemoFixStep fixStep = new DemoFixStep(labName, clock, out);

    out.say(
        "%n== 2. In Slack, %s types: /peerfix diagnose %s ==",
        DemoFixStep.REQUESTER, target.name());
    DiagnosisRun before =
        diagnoser.run(request, DiagnosisRunner.ProbePlan.AUTO, new DemoProgress(out));
    RootCause found = before.diagnosis().rootCause();
    Optional<NodeFix> nodeFix = before.diagnosis().nodeFix();
    Optional<FixRecord> proposal = nodeFix.isPresent() ? fixStep.propose(before) : Optional.empty();
    out.say("   peerfix posts in the channel (the fix is stored as a proposal first):");
    out.lines(BOX, SlackTranscript.diagnosisMessage(before, DemoFixStep.REQUESTER, proposal));
    for (List<String> reply : SlackTranscript.threadReplies(before)) {
      out.say("   and replies in the message's thread:");
      out.lines(BOX, reply);
    }
    boolean asExpected = expected(scenario, found);

    if (nodeFix.isEmpty()) {
      noNodeFix(before, found, target);
      return new DemoOutcome(found, asExpected, null, false, List.of(), false);
    }
    if (proposal.isEmpty()) {
      out.say("   the node fix could not be proposed (see above)");
      return new DemoOutcome(found, asExpected, nodeFix.get(), false, List.of(), false);
    }

    out.say(
        "%n== 3. %s presses Approve: the agents apply the fix on %s, canary first ==",
        LabApprovers.APPROVER, Counted.of(nodeFix.get().nodes().size(), "node"));
    FixRecord fixed = fixStep.approveAndFollow(proposal.get(), environment, probeTimeout);
    out.say("   the message now shows, in place of the buttons:");
    out.lines(BOX, SlackTranscript.fixStatus(fixed, fixStep.statuses(fixed)));

    out.say("%n== 4. Verify: new probes from every pod, and what the database sees ==");
    DiagnosisRun after = diagnoser.run(request);
    showPods(after);
    List<String> seen = database.serverSees(labName, scenario, state.nodes());
    seen.forEach(line -> out.say("   %s", line));
    boolean verified = after.diagnosis().rootCause() == RootCause.HEALTHY;
    out.say(
        "   %s: after the fix peerfix finds %s",
        verified ? "OK" : "NOT FIXED", after.diagnosis().rootCause().name());
    if (fixed.state() == FixState.NOT_VERIFIED) {
      out.say("   not verified: the demo reverts it now");
    }

    out.say("%n== 5. /peerfix revert %s: the agents remove exactly their rules ==", fixed.name());
    FixRecord reverted = fixStep.revert(fixed);
    out.say("   the message now shows:");
    out.lines(BOX, SlackTranscript.fixStatus(reverted, fixStep.statuses(reverted)));

    out.say("%n== 6. After the revert: new probes from every pod ==");
    DiagnosisRun again = diagnoser.run(request);
    showPods(again);
    RootCause now = again.diagnosis().rootCause();
    boolean failsAgain = reverted.state() == FixState.REVERTED && now == found;
    out.say(
        "   %s: after the revert peerfix finds %s%s",
        failsAgain ? "OK" : "UNEXPECTED",
        now.name(),
        now == found ? " again: the pods fail as before the fix" : "");
    return new DemoOutcome(found, asExpected, nodeFix.get(), verified, seen, failsAgain);
  }

  private boolean expected(Scenario scenario, RootCause found) {
    if (!scenario.expect().known()) {
      out.say(
          "   peerfix found %s (the scenario file states no expected root cause)", found.name());
      return true;
    }
    RootCause expected = scenario.expect().rootCause();
    boolean same = found == expected;
    out.say(
        "   %s: the scenario expects %s, peerfix found %s",
        same ? "OK" : "MISMATCH", expected, found.name());
    return same;
  }

  private void noNodeFix(DiagnosisRun before, RootCause found, KnownTarget target) {
    if (found == RootCause.HEALTHY) {
      out.say("%n== 3. Nothing to fix: the pods reach %s ==", target.name());
    } else if (before.diagnosis().fixes().isEmpty()) {
      out.say("%n== 3. No fix to apply: peerfix proposes none for %s ==", found.name());
    } else {
      out.say(
          "%n== 3. No node fix applies to %s: the fixes above are outside the nodes ==",
          found.name());
    }
  }

  private void showPods(DiagnosisRun run) {
    run.diagnosis()
        .nodes()
        .forEach(
            node ->
                out.say(
                    "   %s: pod probe %s, pod source %s leaves as %s",
                    node.node(),
                    node.podProbe() == null ? "not run" : node.podProbe().text(),
                    node.podSource().map(Ipv4::toString).orElse("(not reported)"),
                    node.sourceAfterNat().map(Ipv4::toString).orElse("(unknown)")));
  }
}
