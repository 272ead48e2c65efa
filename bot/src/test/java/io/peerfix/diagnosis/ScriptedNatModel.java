package io.peerfix.diagnosis;

import io.peerfix.facts.NodeFacts;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import io.peerfix.nat.RuleRef;
import io.peerfix.nat.TraceStep;
import io.peerfix.net.Ipv4;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake NAT model answering what the test says each node's table does, shaped as the engine
 * answers (trace of the table's first POSTROUTING rule, deciding rule, source after), so the
 * diagnosis's own reasoning is tested apart from the engine.
 */
final class ScriptedNatModel implements NatModel {
  enum Behaviour {
    KEEPS_SOURCE,
    MASQUERADES,
    INDETERMINATE
  }

  private final Behaviour fallback;
  private final Map<String, Behaviour> perNode = new HashMap<>();

  ScriptedNatModel(Behaviour fallback) {
    this.fallback = fallback;
  }

  ScriptedNatModel on(String node, Behaviour behaviour) {
    perNode.put(node, behaviour);
    return this;
  }

  @Override
  public NatVerdict predict(NodeFacts facts, Packet packet, NodeContext node) {
    String rule =
        facts
            .natTable()
            .lines()
            .filter(l -> l.startsWith("-A POSTROUTING"))
            .findFirst()
            .orElseThrow();
    return switch (perNode.getOrDefault(facts.nodeName(), fallback)) {
      case KEEPS_SOURCE ->
          new NatVerdict(
              NatAction.NONE,
              Ipv4.parse(packet.src()),
              Ipv4.parse(packet.dst()),
              null,
              List.of(
                  new TraceStep(
                      "POSTROUTING",
                      1,
                      rule,
                      false,
                      "destination " + packet.dst() + " is excluded, negated => no match")),
              List.of(),
              null);
      case MASQUERADES ->
          new NatVerdict(
              NatAction.MASQUERADE,
              Ipv4.tryParse(node.outIfaceAddress()).orElse(null),
              Ipv4.parse(packet.dst()),
              new RuleRef("POSTROUTING", 1, rule),
              List.of(new TraceStep("POSTROUTING", 1, rule, true, "matches")),
              List.of(),
              null);
      case INDETERMINATE ->
          new NatVerdict(
              NatAction.INDETERMINATE,
              Ipv4.parse(packet.src()),
              Ipv4.parse(packet.dst()),
              null,
              List.of(),
              List.of(),
              "depends on set KUBE-X");
    };
  }
}
