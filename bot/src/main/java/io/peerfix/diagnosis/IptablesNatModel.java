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
import io.peerfix.net.Ipv4;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link NatModel} over the NAT engine; failures become indeterminate verdicts. Parsed tables are
 * kept by their text (a few at a time), because a cluster's nodes mostly share one table and a
 * kube-proxy table is costly to parse a thousand times.
 */
final class IptablesNatModel implements NatModel {
  private static final int CACHED_TABLES = 16;

  private final Map<String, NatTable> parsed =
      Collections.synchronizedMap(
          new LinkedHashMap<>(CACHED_TABLES, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, NatTable> eldest) {
              return size() > CACHED_TABLES;
            }
          });

  @Override
  public NatVerdict predict(NodeFacts facts, Packet packet, NodeContext node) {
    if (facts.natTable() == null || facts.natTable().isBlank()) {
      return indeterminate(packet, "node " + facts.nodeName() + " reported no nat table");
    }
    try {
      NatTable table = parse(facts.natTable());
      NodeContext context = node;
      if (facts.ipsets() != null && !facts.ipsets().isBlank()) {
        context = node.withIpSets(IpSets.parseSave(facts.ipsets()));
      }
      return NatEvaluator.evaluate(table, packet, context);
    } catch (RuntimeException e) {
      // The engine's parse errors (and anything it cannot handle yet) are a gap in the model,
      // reported as such; the probes still speak.
      return indeterminate(
          packet,
          "the nat table of node "
              + facts.nodeName()
              + " could not be evaluated: "
              + (e.getMessage() == null ? "an internal error" : e.getMessage()));
    }
  }

  private NatTable parse(String text) {
    NatTable table = parsed.get(text);
    if (table == null) {
      table = NatDump.parse(text);
      parsed.put(text, table);
    }
    return table;
  }

  private static NatVerdict indeterminate(Packet packet, String reason) {
    return new NatVerdict(
        NatAction.INDETERMINATE,
        Ipv4.tryParse(packet.src()).orElse(null),
        Ipv4.tryParse(packet.dst()).orElse(null),
        null,
        List.of(),
        List.of(),
        reason);
  }
}
