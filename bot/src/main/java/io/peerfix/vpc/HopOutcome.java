package io.peerfix.vpc;

/** How one hop treats the packet. */
public enum HopOutcome {
  /** The hop lets the packet through. */
  PASS,
  /** The hop drops or misdirects the packet. */
  BLOCK,
  /** The view lacks what the hop needs (unread resource, ambiguous subnet): not evaluated. */
  UNKNOWN
}
