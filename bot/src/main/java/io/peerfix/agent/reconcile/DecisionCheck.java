package io.peerfix.agent.reconcile;

import io.peerfix.exec.CoreThreads;
import io.peerfix.fix.NodeFixState;
import io.peerfix.nat.IpSets;
import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatDump;
import io.peerfix.nat.NatEvaluator;
import io.peerfix.nat.NatTable;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.NodeContext;
import io.peerfix.nat.Packet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks peerfix's own NAT engine, over the node's whole nat table as it is after the write, which
 * rule decides the pod-to-target packet: the fix is {@link NodeFixState#APPLIED} only when that is
 * one of the fix's own marked rules; otherwise it is {@link NodeFixState#OVERRIDDEN} by the rule
 * that decides first (Felix in insert mode re-takes the top of POSTROUTING on every refresh), named
 * with its manager. A table the engine cannot read or a packet whose fate it cannot tell is {@link
 * NodeFixState#FAILED}: peerfix never claims a fix it cannot show.
 */
public final class DecisionCheck {
  private static final Pattern MATCH_SET = Pattern.compile("--match-set\\s+(\\S+)");

  private DecisionCheck() {}

  /**
   * Judges fix {@code fix} on {@code natTable} for {@code packet}, with the node's addresses in
   * {@code node}; {@code ipsets} gives the {@code ipset save} text of a set by name.
   */
  public static NodeFixReport judge(
      String fix,
      String natTable,
      Packet packet,
      NodeContext node,
      Function<String, String> ipsets) {
    NatVerdict verdict;
    try {
      NatTable table = NatDump.parse(natTable, CoreThreads.natParseHelpers());
      String sets = setsUsed(natTable, ipsets);
      NodeContext context = sets.isBlank() ? node : node.withIpSets(IpSets.parseSave(sets));
      verdict = NatEvaluator.evaluate(table, packet, context);
    } catch (RuntimeException e) {
      return NodeFixReport.failed("the node's nat table could not be evaluated: " + e.getMessage());
    }
    if (verdict.action() == NatAction.INDETERMINATE) {
      return NodeFixReport.failed(
          "the NAT engine cannot tell which rule decides: " + verdict.indeterminateReason());
    }
    if (verdict.decidingRule() == null) {
      return new NodeFixReport(
          NodeFixState.OVERRIDDEN,
          Optional.empty(),
          RuleManager.UNKNOWN,
          "no rule decides the packet (the chain policy does): peerfix's jump is not reached");
    }
    String rule = verdict.decidingRule().text();
    String chain = verdict.decidingRule().chain();
    Optional<Marker> marker = Marker.find(rule);
    if (chain.equals(PeerfixChains.CHAIN)
        && marker.isPresent()
        && marker.get().owner().equals(fix)) {
      return new NodeFixReport(
          NodeFixState.APPLIED,
          Optional.of(rule),
          RuleManager.PEERFIX,
          "peerfix's rule decides: source becomes " + verdict.sourceAfter());
    }
    RuleManager manager = RuleManager.of(chain, rule);
    return new NodeFixReport(
        NodeFixState.OVERRIDDEN,
        Optional.of(rule),
        manager,
        "a rule of " + manager.displayName() + " decides before peerfix's: " + rule);
  }

  private static String setsUsed(String natTable, Function<String, String> ipsets) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MATCH_SET.matcher(natTable);
    while (m.find()) {
      names.add(m.group(1));
    }
    StringBuilder text = new StringBuilder();
    for (String name : names) {
      text.append(ipsets.apply(name));
    }
    return text.toString();
  }
}
