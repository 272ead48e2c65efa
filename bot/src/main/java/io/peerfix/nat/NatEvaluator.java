package io.peerfix.nat;

/**
 * Predicts what the nat table does to the first packet of a connection: nat PREROUTING (forwarded)
 * or OUTPUT (local) then POSTROUTING, with policies, jumps, gotos, returns and marks; forks where
 * the answer depends on something unknown and answers only what holds on every path.
 */
public final class NatEvaluator {
  private NatEvaluator() {}

  public static NatVerdict evaluate(NatTable table, Packet packet, NodeContext node) {
    throw new UnsupportedOperationException("not yet");
  }
}
