package io.peerfix.demo;

import io.peerfix.approval.FixGuard;
import io.peerfix.approval.FixReverts;
import io.peerfix.approval.FixRollout;
import io.peerfix.approval.LabApprovers;
import io.peerfix.approval.ProbeVerifier;
import io.peerfix.approval.Proposals;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeSelector;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.LabFixStore;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisRun;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's fix through the real path, as the bot and {@code peerfix fix} drive it: the diagnosis'
 * node fix is stored as a proposal (so the message can show its Approve button with the digest),
 * approved by the demo approver naming that digest, applied by the agents in the node namespaces
 * (canary of each NAT group first), verified by new pod probes, and later reverted through the same
 * guard and wait as {@code peerfix fix revert}.
 */
final class DemoFixStep {
  static final String REQUESTER = "demo-requester";
  private static final Duration LIMIT = Duration.ofSeconds(60);
  private static final Duration POLL = Duration.ofMillis(200);

  private final Clock clock;
  private final DemoOut out;
  private final FixStore store;
  private final FixGuard guard;
  private final Map<String, NodeStatus> shown = new HashMap<>();

  DemoFixStep(String labName, Clock clock, DemoOut out) {
    this.clock = clock;
    this.out = out;
    this.store = new LabFixStore(LabPaths.standard().stateDir(labName));
    this.guard = new FixGuard(store, LabApprovers.POLICY, clock);
  }

  /** Stores the diagnosis' node fix as a proposal; empty when there is none or it is refused. */
  Optional<FixRecord> propose(DiagnosisRun before) {
    Optional<Proposals.Proposal> proposal = Proposals.of(before);
    if (proposal.isEmpty()) {
      return Optional.empty();
    }
    Decision proposed =
        guard.propose(
            proposal.get().fix(),
            NodeSelector.all(),
            proposal.get().allowed(),
            Actor.user(REQUESTER));
    if (proposed.result() == Decision.Result.REFUSED) {
      out.say("   refused: %s", proposed.refusal().get().message());
      return Optional.empty();
    }
    return Optional.of(proposed.record());
  }

  /** The demo approver presses Approve; follows the rollout until verified or not. */
  FixRecord approveAndFollow(
      FixRecord fix, DiagnosisEnvironment environment, Duration probeTimeout) {
    Decision approved = guard.approve(fix.name(), Actor.user(LabApprovers.APPROVER), fix.digest());
    if (approved.result() == Decision.Result.REFUSED) {
      out.say("   refused: %s", approved.refusal().get().message());
      return fix;
    }
    out.say("   [Approve] pressed by %s for digest %s", LabApprovers.APPROVER, fix.shortDigest());
    var target = environment.target(fix.fix().target()).target();
    FixRollout rollout =
        new FixRollout(
            store,
            new ProbeVerifier(
                environment.ports().nodes(),
                environment.ports().pods(),
                new ProbeRequest(
                    target.host(), target.port(), target.protocol(), probeTimeout.toMillis())),
            clock);
    long deadline = System.nanoTime() + LIMIT.toNanos();
    FixRecord now = approved.record();
    while (System.nanoTime() < deadline
        && (now.state() == FixState.APPROVED || now.state() == FixState.APPLIED)) {
      now = rollout.advance(fix.name()).orElse(now);
      showChanges(now, store.nodeStatuses(fix.name()));
      if (!sleep()) {
        break;
      }
    }
    showChanges(now, store.nodeStatuses(fix.name()));
    out.say("   fix %s: %s", fix.name(), now.state());
    return now;
  }

  /** Reverts as {@code peerfix fix revert} does; the record after the nodes confirmed (or not). */
  FixRecord revert(FixRecord fix) throws InterruptedException {
    Decision reverted = guard.revert(fix.name(), Actor.user(LabApprovers.APPROVER));
    if (reverted.result() == Decision.Result.REFUSED) {
      out.say("   refused: %s", reverted.refusal().get().message());
      return fix;
    }
    out.say("   revert of %s recorded by %s", fix.name(), LabApprovers.APPROVER);
    boolean confirmed =
        new FixReverts(store)
            .awaitReverted(reverted.record(), LIMIT, statuses -> showChanges(fix, statuses));
    FixRecord now = guard.show(fix.name()).orElse(reverted.record());
    out.say(
        "   fix %s: %s%s",
        fix.name(), now.state(), confirmed ? " on every node" : " (not every node confirmed)");
    return now;
  }

  List<NodeStatus> statuses(FixRecord fix) {
    return store.nodeStatuses(fix.name());
  }

  /** Each node's state when it changes, canaries marked, so the rollout shows as it happens. */
  private void showChanges(FixRecord fix, List<NodeStatus> statuses) {
    for (NodeStatus s : statuses) {
      NodeStatus before = shown.put(s.node(), s);
      if (before == null || before.state() != s.state()) {
        out.say(
            "   %s%s: %s (%s)",
            s.node(), fix.canaries().contains(s.node()) ? " (canary)" : "", s.state(), s.detail());
      }
    }
  }

  private static boolean sleep() {
    try {
      Thread.sleep(POLL.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
