package io.peerfix.fix;

/** What a node-fix rule does to a packet's source: the two source-rewriting iptables targets. */
public enum NatRuleAction {
  /** Rewrite the source to the address of the interface the packet leaves by. */
  MASQUERADE,
  /** Rewrite the source to one fixed address ({@code --to-source}). */
  SNAT
}
