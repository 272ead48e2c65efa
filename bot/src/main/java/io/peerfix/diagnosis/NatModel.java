package io.peerfix.diagnosis;

import io.peerfix.facts.NodeFacts;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;

/**
 * Predicts what a node's nat table does to a packet. The production model reads the facts' nat
 * table and ipsets with the NAT engine ({@link #iptables()}); it never throws: a table it cannot
 * read or evaluate becomes an {@link io.peerfix.nat.NatAction#INDETERMINATE} verdict saying why.
 */
@FunctionalInterface
public interface NatModel {
  NatVerdict predict(NodeFacts facts, Packet packet, NodeContext node);

  /** The NAT engine over the node's {@code iptables-save} text and {@code ipset save} output. */
  static NatModel iptables() {
    return new IptablesNatModel();
  }
}
