package io.peerfix.nat;

/** What the nat table does to a packet's source address on its way out of the node. */
public enum NatAction {
  /** Source rewritten to the out-interface's address. */
  MASQUERADE,
  /** Source rewritten to an explicit address ({@code -j SNAT --to-source}). */
  SNAT,
  /** Source left as it is: the packet leaves with its own address. */
  NONE,
  /** The model cannot tell; {@link NatVerdict#indeterminateReason()} says why. */
  INDETERMINATE
}
