package io.peerfix.agent.reconcile;

import java.util.List;

/**
 * The names peerfix owns in the nat table. peerfix writes only into its chain and one jump in
 * {@code POSTROUTING}; the chains other managers rewrite ({@code AWS-SNAT-CHAIN-*}, {@code
 * IP-MASQ-AGENT}, {@code cali-*}, {@code KUBE-*}) are never written.
 */
public final class PeerfixChains {
  /** The chain holding every fix's rules. */
  public static final String CHAIN = "PEERFIX-POSTROUTING";

  /**
   * The empty canary chain earlier agents wrote (kube-proxy's idea). peerfix's own chain and the
   * jump are now what the idle check looks at (an empty canary survives {@code iptables -F}, the
   * jump does not), so the agent no longer creates it and removes a leftover one on revert.
   */
  public static final String CANARY = "PEERFIX-CANARY";

  /** The built-in chain the jump sits in. */
  public static final String HOOK = "POSTROUTING";

  static final List<String> JUMP_ARGS = List.of("-j", CHAIN);

  private PeerfixChains() {}

  static Marker jumpMarker() {
    return Marker.of(Marker.JUMP, HOOK, JUMP_ARGS);
  }

  /**
   * The jump goes first in POSTROUTING: a fix's rules match only its own destination and
   * out-interface and masquerade to the node's address, so being first can only take a packet that
   * the fix is meant to take, and first is before whatever rule otherwise decides it.
   */
  static String insertJumpLine() {
    return "-I " + HOOK + " 1 -m comment --comment " + jumpMarker().comment() + " -j " + CHAIN;
  }
}
