package io.peerfix.cli;

import io.peerfix.approval.FixRollout;
import io.peerfix.approval.ProbeVerifier;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.KnownTarget;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix fix approve NAME --digest DIGEST --as ID (--lab | --config FILE)}: approves the
 * fix that was shown with that digest, then (unless {@code --no-wait}) follows its rollout, canary
 * first, until it is verified or not.
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
  @Mixin FixAction action;

  @Option(
      names = "--digest",
      paramLabel = "DIGEST",
      required = true,
      description = "The digest you were shown (sha256:..., as plan, show and Slack print it).")
  String digest;

  @Override
  public Integer call() throws InterruptedException {
    return action.run(
        spec, (guard, approver) -> guard.approve(action.name, approver, digest), this::follow);
  }

  private FixAction.Followed follow(FixWhere.Place place, FixRecord approved, Duration limit)
      throws InterruptedException {
    FixRecord fix = approved;
    try (DiagnosisEnvironment environment =
        place.environment(approved.fix().target(), "fix approve")) {
      KnownTarget known = environment.target(approved.fix().target());
      var probe =
          new ProbeRequest(
              known.target().host(), known.target().port(), known.target().protocol(), 2000);
      FixRollout rollout =
          new FixRollout(
              place.store(),
              new ProbeVerifier(environment.ports().nodes(), environment.ports().pods(), probe),
              action.where.clock);
      long deadline = System.nanoTime() + limit.toNanos();
      while (System.nanoTime() < deadline) {
        Optional<FixRecord> now = rollout.advance(action.name);
        if (now.isEmpty()) {
          break;
        }
        fix = now.get();
        if (fix.state() != FixState.APPROVED && fix.state() != FixState.APPLIED) {
          break;
        }
        Thread.sleep(POLL.toMillis());
      }
    }
    boolean verified = fix.state() == FixState.VERIFIED;
    return new FixAction.Followed(
        fix,
        verified,
        verified
            ? Optional.empty()
            : Optional.of(
                "not verified: revert with peerfix fix revert "
                    + action.name
                    + " --as ID "
                    + place.flags()));
  }
}
