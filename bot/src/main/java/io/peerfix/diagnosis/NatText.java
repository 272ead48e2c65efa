package io.peerfix.diagnosis;

import io.peerfix.nat.NatAction;
import io.peerfix.nat.NatVerdict;
import io.peerfix.nat.RuleRef;
import io.peerfix.nat.TraceStep;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * Sentences naming the nat rules that decided what a node does to the pod's packet, e.g. {@code
 * POSTROUTING rule 1 on node a `-A POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE` does not
 * match 10.0.5.20, so the packet keeps source 10.244.1.5}.
 */
final class NatText {
  private NatText() {}

  /** The sentence as evidence, citing the node, the rule that decided and the addresses. */
  static Evidence explain(NodeAnalysis n, Ipv4 destination) {
    Evidence e =
        Evidence.fact(sentence(n, destination)).withNode(n.name()).withAddress(destination);
    if (n.podSourceObserved()) {
      e = e.withAddress(n.podSource());
    }
    NatVerdict v = n.nat();
    if (v != null && v.action() != NatAction.INDETERMINATE) {
      e = e.withAddress(n.sourceAfterNat()).withRule(decidingRule(v));
    }
    return e;
  }

  /** The rule that decided, else (the source was left alone) the last rule that explains why. */
  static RuleRef decidingRule(NatVerdict v) {
    if (v.decidingRule() != null) {
      return v.decidingRule();
    }
    if (v.action() != NatAction.NONE) {
      return null;
    }
    List<TraceStep> why = whyKept(v.trace());
    if (why.isEmpty()) {
      return null;
    }
    TraceStep last = why.get(why.size() - 1);
    return new RuleRef(last.chain(), last.index(), last.text());
  }

  /**
   * The pod's source as the sentences name it: the address a probe reported, or, when no probe
   * reported one, what the model used in its place, said as such.
   */
  static String podSource(NodeAnalysis n) {
    if (n.podSourceObserved() || n.podSource() == null) {
      return n.podSource() == null ? "the pod's address" : n.podSource().toString();
    }
    return "the pod's address (no probe reported it; the model used "
        + n.podSource()
        + " from the pod range "
        + n.podCidr()
        + ")";
  }

  /** The source the pod's packet leaves the node with, per the model, as the sentences name it. */
  static String leavingSource(NodeAnalysis n) {
    NatVerdict v = n.nat();
    if (v == null || v.action() == NatAction.INDETERMINATE || v.action() == NatAction.NONE) {
      return podSource(n);
    }
    return String.valueOf(v.sourceAfter());
  }

  private static String sentence(NodeAnalysis n, Ipv4 destination) {
    NatVerdict v = n.nat();
    if (v == null) {
      return "the nat table of node " + n.name() + " is unknown (its facts were not read)";
    }
    return switch (v.action()) {
      case NONE -> keeps(n, v, destination);
      case MASQUERADE, SNAT -> rewrites(n, v);
      case INDETERMINATE ->
          "the nat model cannot tell what node "
              + n.name()
              + " does to a packet from "
              + podSource(n)
              + " to "
              + destination
              + ": "
              + v.indeterminateReason();
    };
  }

  private static String keeps(NodeAnalysis n, NatVerdict v, Ipv4 destination) {
    List<String> parts = new ArrayList<>();
    for (TraceStep step : whyKept(v.trace())) {
      parts.add(
          step.matched()
              ? rule(step.chain(), step.index(), step.text(), n)
                  + " matches "
                  + destination
                  + " and returns from "
                  + step.chain()
                  + ", skipping the rest of that chain"
                  + reason(step.reason())
              : rule(step.chain(), step.index(), step.text(), n)
                  + " does not match "
                  + destination
                  + reason(step.reason()));
    }
    RuleRef deciding = v.decidingRule();
    if (deciding != null && parts.stream().noneMatch(p -> p.contains(deciding.text()))) {
      parts.add(rule(deciding.chain(), deciding.index(), deciding.text(), n) + " decides");
    }
    String how =
        parts.isEmpty()
            ? "no nat rule on node "
                + n.name()
                + " rewrites the source of a packet to "
                + destination
            : String.join("; ", parts);
    return how + ", so the packet keeps source " + podSource(n);
  }

  /**
   * The visited rules that explain why a packet kept its source, in evaluation order: masquerade or
   * SNAT rules that did not match and RETURNs that matched, each because of the packet's
   * destination (kubelet's {@code ! -d 10.0.0.0/8 -j MASQUERADE}, ip-masq-agent's {@code -d
   * 10.0.0.0/8 -j RETURN}). Rules that turned on something else (kube-proxy's mark RETURN in
   * KUBE-POSTROUTING, Docker's {@code -s 172.17.0.0/16} masquerade) explain nothing about this
   * destination and are left out, unless no rule turned on the destination at all.
   */
  static List<TraceStep> whyKept(List<TraceStep> trace) {
    List<TraceStep> candidates =
        trace.stream()
            .filter(s -> s.matched() ? isReturn(s.text()) : rewritesSource(s.text()))
            .toList();
    List<TraceStep> onDestination = candidates.stream().filter(TraceStep::onDestination).toList();
    return onDestination.isEmpty() ? candidates : onDestination;
  }

  private static boolean isReturn(String text) {
    return text.contains("-j RETURN");
  }

  private static String rewrites(NodeAnalysis n, NatVerdict v) {
    RuleRef r = v.decidingRule();
    String by =
        r == null ? "node " + n.name() + "'s nat table" : rule(r.chain(), r.index(), r.text(), n);
    String verb = v.action() == NatAction.MASQUERADE ? " masquerades" : " source-NATs";
    return by + verb + " the pod's packet from " + podSource(n) + " to " + v.sourceAfter();
  }

  private static String rule(String chain, int index, String text, NodeAnalysis n) {
    return chain + " rule " + index + " on node " + n.name() + " `" + text + "`";
  }

  private static String reason(String reason) {
    return reason == null || reason.isBlank() ? "" : " (" + reason + ")";
  }

  private static boolean rewritesSource(String text) {
    return text.contains("-j MASQUERADE") || text.contains("-j SNAT");
  }
}
