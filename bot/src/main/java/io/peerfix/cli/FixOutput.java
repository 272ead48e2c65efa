package io.peerfix.cli;

import io.peerfix.approval.FixRollout;
import io.peerfix.fix.FixEvent;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fixstore.FixJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@code peerfix fix} prints a fix: one JSON object ({@code name}, {@code state}, {@code
 * digest}, {@code target}, {@code rules}, {@code nodes} as node name to its state, per-node
 * details, the approval and the history) or a few lines of text.
 */
final class FixOutput {
  private FixOutput() {}

  static Map<String, Object> json(FixRecord fix, List<NodeStatus> statuses) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", fix.name());
    o.put("state", fix.state().name());
    o.put("digest", fix.digest());
    o.put("target", fix.fix().target());
    o.put("rules", fix.fix().rules().stream().map(FixOutput::rule).toList());
    o.put("nodes", FixRollout.nodeStates(fix, statuses));
    o.put("nodeDetails", statuses.stream().filter(s -> s.digest().equals(fix.digest())).toList());
    o.put("selector", fix.selector().toString());
    o.put("rollout", fix.rollout().name());
    o.put("canaries", List.copyOf(fix.canaries()));
    o.put("requester", fix.requester());
    o.put("proposedAt", fix.proposedAt().toString());
    o.put("expiresAt", fix.expiresAt().toString());
    o.put("approval", fix.approval().orElse(null));
    o.put("verification", fix.verification());
    o.put("events", fix.events());
    return o;
  }

  static String jsonText(FixRecord fix, List<NodeStatus> statuses) {
    return FixJson.write(json(fix, statuses));
  }

  static Map<String, Object> rule(NatRule rule) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("action", rule.action().name());
    r.put("destination", rule.destination().toString());
    r.put("outInterface", rule.outInterface());
    r.put("toSource", rule.toSource().map(Object::toString).orElse(null));
    r.put("iptables", String.join(" ", rule.iptablesArgs()));
    return r;
  }

  static String text(FixRecord fix, List<NodeStatus> statuses) {
    StringBuilder t = new StringBuilder();
    t.append(fix.name()).append("  ").append(fix.state()).append("  ").append(fix.digest());
    t.append("\n  target ").append(fix.fix().target());
    t.append(", requested by ").append(fix.requester());
    fix.approval()
        .ifPresent(a -> t.append(", approved by ").append(a.by()).append(" at ").append(a.at()));
    if (fix.approval().isEmpty()) {
      t.append(", expires ").append(fix.expiresAt());
    }
    for (NatRule rule : fix.fix().rules()) {
      t.append("\n  rule: ").append(String.join(" ", rule.iptablesArgs()));
    }
    t.append("\n  rollout ").append(fix.rollout()).append(", canaries ").append(fix.canaries());
    Map<String, NodeStatus> details = new LinkedHashMap<>();
    statuses.stream()
        .filter(s -> s.digest().equals(fix.digest()))
        .forEach(s -> details.put(s.node(), s));
    for (Map.Entry<String, NodeFixState> node : FixRollout.nodeStates(fix, statuses).entrySet()) {
      NodeStatus s = details.get(node.getKey());
      t.append("\n  node ").append(node.getKey()).append(": ").append(node.getValue());
      if (s != null && !s.detail().isEmpty()) {
        t.append(" (").append(s.detail()).append(")");
      }
      if (s != null && s.repairs() > 0) {
        t.append(", drift repaired ").append(s.repairs()).append("x");
      }
    }
    if (!fix.verification().isEmpty()) {
      t.append("\n  verification:");
      fix.verification().lines().forEach(l -> t.append("\n    ").append(l));
    }
    List<String> history = new ArrayList<>();
    for (FixEvent e : fix.events()) {
      history.add(
          e.at()
              + " "
              + e.kind()
              + " by "
              + e.actor()
              + (e.detail().isEmpty() ? "" : ": " + e.detail().lines().findFirst().orElse("")));
    }
    t.append("\n  history:");
    history.forEach(h -> t.append("\n    ").append(h));
    return t.append('\n').toString();
  }
}
