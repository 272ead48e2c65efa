package io.peerfix.agent.reconcile;

import io.peerfix.fix.NodeFixState;
import java.util.Optional;

/**
 * One node's answer for one fix after a pass: its state, the rule that decides the pod-to-target
 * packet in the node's whole nat table (peerfix's own when {@link NodeFixState#APPLIED}) and its
 * manager, and why, in a sentence, for the fix's status.
 */
public record NodeFixReport(
    NodeFixState state, Optional<String> decidingRule, RuleManager manager, String detail) {

  static NodeFixReport failed(String detail) {
    return new NodeFixReport(NodeFixState.FAILED, Optional.empty(), RuleManager.UNKNOWN, detail);
  }
}
