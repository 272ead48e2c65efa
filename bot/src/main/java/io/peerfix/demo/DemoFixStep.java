package io.peerfix.demo;

import io.peerfix.approval.FixGuard;
import io.peerfix.approval.FixRollout;
import io.peerfix.approval.LabApprovers;
import io.peerfix.approval.ProbeVerifier;
import io.peerfix.approval.Proposals;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisRun;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The demo's fix step through the real path: the diagnosis' node fix is proposed to the lab's fix
 * store, approved by the demo approver naming the digest shown, applied by the agents running in
 * the node namespaces (canary of each NAT group first), and verified by new pod probes.
 */
final class DemoFixStep {
  static final String REQUESTER = "demo-requester";
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Clock clock;
  private final PrintWriter out;

  DemoFixStep(Clock clock, PrintWriter out) {
    this.clock = clock;
    this.out = out;
  }

  /** Proposes, approves and follows the fix; the final record, or empty when there is none. */
  Optional<FixRecord> run(
      String labName, DiagnosisRun before, DiagnosisEnvironment environment, Duration timeout) {
    Optional<Proposals.Proposal> proposal = Proposals.of(before);
    if (proposal.isEmpty()) {
      return Optional.empty();
    }
    LabFixStore store = new LabFixStore(LabPaths.standard().stateDir(labName));
    FixGuard guard = new FixGuard(store, LabApprovers.POLICY, clock);
    Decision proposed =
        guard.propose(
            proposal.get().fix(),
            NodeSelector.all(),
            proposal.get().allowed(),
            Actor.user(REQUESTER));
    if (proposed.result() == Decision.Result.REFUSED) {
      say("   refused: %s", proposed.refusal().get().message());
      return Optional.empty();
    }
    FixRecord fix = proposed.record();
    say("   proposed %s by %s, digest %s", fix.name(), REQUESTER, fix.shortDigest());
    fix.fix().rules().forEach(r -> say("     rule: %s", r));
    say("     for every node (canaries first: %s)", String.join(", ", fix.canaries()));
    Decision approved = guard.approve(fix.name(), Actor.user(LabApprovers.APPROVER), fix.digest());
    if (approved.result() == Decision.Result.REFUSED) {
      say("   refused: %s", approved.refusal().get().message());
      return Optional.of(fix);
    }
    say("   [Approve] pressed by %s for digest %s", LabApprovers.APPROVER, fix.shortDigest());
    var target = environment.target(fix.fix().target()).target();
    FixRollout rollout =
        new FixRollout(
            store,
            new ProbeVerifier(
                environment.ports().nodes(),
                environment.ports().pods(),
                new ProbeRequest(
                    target.host(), target.port(), target.protocol(), timeout.toMillis())),
            clock);
    long deadline = System.nanoTime() + LIMIT.toNanos();
    FixRecord now = approved.record();
    while (System.nanoTime() < deadline
        && (now.state() == FixState.APPROVED || now.state() == FixState.APPLIED)) {
      now = rollout.advance(fix.name()).orElse(now);
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (NodeStatus status : store.nodeStatuses(fix.name())) {
      say("   %s: %s (%s)", status.node(), status.state(), status.detail());
    }
    say("   fix %s: %s", fix.name(), now.state());
    if (now.state() == FixState.NOT_VERIFIED) {
      say("   not verified: revert with peerfix fix revert %s --as ID --lab", fix.name());
    }
    return Optional.of(now);
  }

  private void say(String format, Object... args) {
    out.println(String.format(format, args));
    out.flush();
  }
}
