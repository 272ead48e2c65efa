package io.peerfix.fix;

/** Where one node stands with one fix, as that node's agent reports it. */
public enum NodeFixState {
  /** The agent has not acted on the fix yet. */
  PENDING,
  /** peerfix's rule is written and is the rule that decides the pod-to-target packet. */
  APPLIED,
  /** peerfix's rule is written but another manager's rule still decides first. */
  OVERRIDDEN,
  /** The rule could not be written or checked (the reason says which command or check failed). */
  FAILED,
  /** The agent removed exactly the fix's rules. */
  REVERTED
}
