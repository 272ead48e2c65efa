package io.peerfix.approval;

import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixState;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Rollout;
import io.peerfix.fix.Versioned;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Drives an approved fix through its staged rollout from the agents' reports: when every canary
 * (one node per NAT fingerprint group) reports {@link NodeFixState#APPLIED}, probes from pods on
 * the canaries; verified, the fix is released to every node; not verified, or a canary failed or
 * was overridden, the rollout stops there as {@link FixState#NOT_VERIFIED} with the evidence, and
 * revert is the offer. Once every node applied, the fix is {@link FixState#APPLIED}, probed from
 * all of them, and recorded {@link FixState#VERIFIED} or {@link FixState#NOT_VERIFIED}.
 *
 * <p>Each {@link #advance} is one step from what the store says, so any process (the terminal
 * waiting after its approval, a bot replica) can drive it and a crash loses nothing.
 */
public final class FixRollout {
  private final FixStore store;
  private final FixVerifier verifier;
  private final Clock clock;

  public FixRollout(FixStore store, FixVerifier verifier, Clock clock) {
    this.store = store;
    this.verifier = verifier;
    this.clock = clock;
  }

  /** Where one node stands: its reported status, or PENDING when it has not reported. */
  public static Map<String, NodeFixState> nodeStates(FixRecord fix, List<NodeStatus> statuses) {
    Map<String, NodeStatus> byNode =
        statuses.stream()
            .filter(s -> s.digest().equals(fix.digest()))
            .collect(Collectors.toMap(NodeStatus::node, Function.identity(), (a, b) -> b));
    Map<String, NodeFixState> states = new java.util.TreeMap<>();
    for (String node : fix.fix().nodes()) {
      states.put(node, byNode.containsKey(node) ? byNode.get(node).state() : NodeFixState.PENDING);
    }
    byNode.forEach((node, s) -> states.putIfAbsent(node, s.state()));
    return states;
  }

  /** One step for fix {@code name}; returns the record as it is after the step. */
  public Optional<FixRecord> advance(String name) {
    Optional<Versioned<FixRecord>> read = store.get(name);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    FixRecord fix = read.get().value();
    if (fix.state() == FixState.APPLIED) {
      FixVerifier.Verification all = verifier.verify(fix, fix.fix().nodes());
      return write(
          fix,
          all.ok() ? FixState.VERIFIED : FixState.NOT_VERIFIED,
          Rollout.ALL,
          all.evidence(),
          read.get().version());
    }
    if (fix.state() != FixState.APPROVED) {
      return Optional.of(fix);
    }
    List<NodeStatus> statuses = store.nodeStatuses(name);
    Map<String, NodeFixState> states = nodeStates(fix, statuses);
    List<String> stage =
        fix.rollout() == Rollout.CANARY ? List.copyOf(fix.canaries()) : fix.fix().nodes();
    List<String> bad =
        stage.stream()
            .filter(
                n ->
                    states.get(n) == NodeFixState.FAILED
                        || states.get(n) == NodeFixState.OVERRIDDEN)
            .toList();
    if (!bad.isEmpty()) {
      List<String> evidence =
          statuses.stream()
              .filter(s -> bad.contains(s.node()))
              .map(s -> s.node() + ": " + s.state() + " (" + s.detail() + ")")
              .toList();
      return write(fix, FixState.NOT_VERIFIED, fix.rollout(), evidence, read.get().version());
    }
    if (!stage.stream().allMatch(n -> states.get(n) == NodeFixState.APPLIED)) {
      return Optional.of(fix);
    }
    if (fix.rollout() == Rollout.ALL) {
      return write(fix, FixState.APPLIED, Rollout.ALL, List.of(), read.get().version());
    }
    FixVerifier.Verification canaries = verifier.verify(fix, stage);
    return write(
        fix,
        canaries.ok() ? FixState.APPROVED : FixState.NOT_VERIFIED,
        canaries.ok() ? Rollout.ALL : Rollout.CANARY,
        canaries.evidence().stream().map(e -> "canary " + e).toList(),
        read.get().version());
  }

  private Optional<FixRecord> write(
      FixRecord fix, FixState state, Rollout rollout, List<String> evidence, String version) {
    String text = String.join("\n", evidence);
    FixRecord next = fix.withRollout(rollout).withState(state).withVerification(text);
    FixEvent.Kind kind =
        switch (state) {
          case APPLIED -> FixEvent.Kind.APPLIED;
          case VERIFIED -> FixEvent.Kind.VERIFIED;
          case NOT_VERIFIED -> FixEvent.Kind.NOT_VERIFIED;
          default -> null;
        };
    if (kind != null) {
      next = next.with(new FixEvent(kind, "peerfix", clock.instant(), fix.digest(), text));
    }
    if (!store.update(next, version)) {
      return store.get(fix.name()).map(Versioned::value);
    }
    return Optional.of(next);
  }
}
