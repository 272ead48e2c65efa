package io.peerfix.fix;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's progress with one fix, written by that node's agent only (one small object per node
 * and fix, so a thousand agents never write the same object): the state, the digest it acted on,
 * the rule that decides the pod-to-target packet and its manager, a sentence saying why, and how
 * many times the agent repaired drift.
 */
public record NodeStatus(
    String fix,
    String node,
    NodeFixState state,
    String digest,
    Optional<String> decidingRule,
    String manager,
    String detail,
    int repairs,
    Instant at) {
  public NodeStatus {
    Objects.requireNonNull(fix, "fix");
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(digest, "digest");
    decidingRule = decidingRule == null ? Optional.empty() : decidingRule;
    manager = manager == null ? "" : manager;
    detail = detail == null ? "" : detail;
    Objects.requireNonNull(at, "at");
  }
}
