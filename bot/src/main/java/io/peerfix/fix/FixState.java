package io.peerfix.fix;

/** Where a fix stands as a whole. */
public enum FixState {
  /** Stored, waiting for an approver; expires at its expiry. */
  PROPOSED,
  /** Approved for the digest shown; agents are applying it (canary first). */
  APPROVED,
  /** Every node it concerns reports peerfix's rule deciding. */
  APPLIED,
  /** New probes from pods on those nodes connect. */
  VERIFIED,
  /** Applied, but the probes still fail (or the canary did not verify): revert is offered. */
  NOT_VERIFIED,
  /** Reverted by name: agents remove exactly its rules. */
  REVERTED,
  /** Nobody approved it in time; the diagnosis must be run again. */
  EXPIRED;

  /** Whether agents should keep the fix's rules on their nodes. */
  public boolean wantsRules() {
    return this == APPROVED || this == APPLIED || this == VERIFIED || this == NOT_VERIFIED;
  }
}
