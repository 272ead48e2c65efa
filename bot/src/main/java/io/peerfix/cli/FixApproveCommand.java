package io.peerfix.cli;

import io.peerfix.approval.FixRollout;
import io.peerfix.approval.ProbeVerifier;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.lab.Privileges;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.orchestration.LabEnvironments;
import io.peerfix.probe.Durations;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix fix approve NAME --digest DIGEST --as ID --lab}: approves the fix that was shown
 * with that digest, then (unless {@code --no-wait}) follows its rollout, canary first, until it is
 * verified or not.
 */
@Command(
    name = "approve",
    mixinStandardHelpOptions = true,
    description = "Approve fix NAME as shown (its digest), then follow it until verified.",
    footer = {
      "",
      "Exit codes: 0 approved and verified (or approved, with --no-wait), 1 not verified or",
      "timed out (revert is offered), 2 bad input, 3 refused (reason on stderr, nothing changed)."
    })
final class FixApproveCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(250);

  @Spec CommandSpec spec;
  @Mixin FixWhere where;

  @Parameters(index = "0", paramLabel = "NAME", description = "the fix's name")
  String name;

  @Option(
      names = "--digest",
      paramLabel = "DIGEST",
      required = true,
      description = "The digest you were shown.")
  String digest;

  @Option(names = "--as", required = true, paramLabel = "ID", description = "Who approves.")
  String as;

  @Option(names = "--no-wait", description = "Return once approved.")
  boolean noWait;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "How long to follow the rollout (default: ${DEFAULT-VALUE}).")
  String waitTimeout;

  @Option(names = "--json", description = "Print the fix as one JSON object at the end.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    var approver = FixCommand.actor(as);
    Duration limit = Durations.parse("--wait-timeout", waitTimeout);
    where.labState();
    Decision decision = where.guard().approve(name, approver, digest);
    if (decision.result() == Decision.Result.REFUSED) {
      return FixCommand.refused(spec, decision);
    }
    FixRecord fix = decision.record();
    if (!noWait) {
      Privileges.requireLabCapabilities("fix approve --lab");
      fix = follow(fix, limit);
    }
    var statuses = where.store().nodeStatuses(name);
    spec.commandLine()
        .getOut()
        .print(json ? FixOutput.jsonText(fix, statuses) + "\n" : FixOutput.text(fix, statuses));
    boolean done = noWait || fix.state() == FixState.VERIFIED;
    if (!done) {
      spec.commandLine()
          .getOut()
          .printf("not verified: revert with peerfix fix revert %s --as ID --lab%n", name);
    }
    spec.commandLine().getOut().flush();
    return done ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private FixRecord follow(FixRecord approved, Duration limit) throws InterruptedException {
    try (DiagnosisEnvironment environment = LabEnvironments.opener().openLab(where.labName, null)) {
      KnownTarget known = environment.target(approved.fix().target());
      var probe =
          new io.peerfix.facts.ProbeRequest(
              known.target().host(), known.target().port(), known.target().protocol(), 2000);
      FixRollout rollout =
          new FixRollout(
              where.store(),
              new ProbeVerifier(environment.ports().nodes(), environment.ports().pods(), probe),
              Clock.systemUTC());
      long deadline = System.nanoTime() + limit.toNanos();
      FixRecord fix = approved;
      while (System.nanoTime() < deadline) {
        Optional<FixRecord> now = rollout.advance(name);
        if (now.isEmpty()) {
          return fix;
        }
        fix = now.get();
        if (fix.state() != FixState.APPROVED && fix.state() != FixState.APPLIED) {
          return fix;
        }
        Thread.sleep(POLL.toMillis());
      }
      return fix;
    }
  }
}
