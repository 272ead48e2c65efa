package io.peerfix.diagnosis;

import io.peerfix.facts.NodeFacts;
import io.peerfix.nat.IpSets;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import java.util.List;

/** {@link NatModel} over the NAT engine; failures become indeterminate verdicts. */
final class IptablesNatModel implements NatModel {

  @Override
  public NatVerdict predict(NodeFacts facts, Packet packet, NodeContext node) {
    if (facts.natTable() == null || facts.natTable().isBlank()) {
      return indeterminate(packet, "node " + facts.nodeName() + " reported no nat table");
    }
    try {
      NatTable table = NatDump.parse(facts.natTable());
      NodeContext context = node;
      if (facts.ipsets() != null && !facts.ipsets().isBlank()) {
        context = node.withIpSets(IpSets.parseSave(facts.ipsets()));
      }
      return NatEvaluator.evaluate(table, packet, context);
    } catch (RuntimeException e) {
      // The engine's parse errors (and anything it cannot handle yet) are a gap in the model,
      // reported as such; the probes still speak.
      return indeterminate(
          packet, "the nat table of node " + facts.nodeName() + " could not be evaluated: " + e);
    }
  }

  private static NatVerdict indeterminate(Packet packet, String reason) {
    return new NatVerdict(
        NatAction.INDETERMINATE, packet.src(), packet.dst(), null, List.of(), List.of(), reason);
  }
}
