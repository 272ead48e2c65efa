package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import io.peerfix.fix.FixNodeGroup;
import io.peerfix.fix.NatRule;
import io.peerfix.fix.NodeFix;
import java.util.List;
import java.util.Objects;

/**
 * A nat fix on the nodes: the {@link NodeFix} an executor acts on (exact rules, node names grouped
 * by NAT fingerprint, target, diagnosis id, digest) and what it does in words. It carries no
 * command: where the rules go (chain, position, binary) is the executor's choice.
 */
public record NodeNatFix(NodeFix nodeFix, String description) implements Fix {
  private static final int NAMED = 5;

  public NodeNatFix {
    Objects.requireNonNull(nodeFix, "nodeFix");
    Objects.requireNonNull(description, "description");
  }

  @Override
  public FixKind kind() {
    return FixKind.NODE_NAT;
  }

  /** "2 nodes in 1 NAT group: a, b" (the first five names; {@link NodeFix#nodes} has all). */
  @Override
  public String scope() {
    List<String> nodes = nodeFix.nodes();
    String shown = String.join(", ", nodes.stream().limit(NAMED).toList());
    return Counted.of(nodes.size(), "node")
        + " in "
        + Counted.of(nodeFix.groups().size(), "NAT group")
        + ": "
        + shown
        + (nodes.size() > NAMED ? ", ... (" + (nodes.size() - NAMED) + " more)" : "");
  }

  /**
   * The rules as nat POSTROUTING match-and-target lines and the nodes per group. No digest: the one
   * digest a user compares and approves is the proposed fix's ({@code fix plan}, Slack), which also
   * covers the node selector.
   */
  @Override
  public String apply() {
    StringBuilder out = new StringBuilder();
    for (NatRule rule : nodeFix.rules()) {
      out.append("rule: ").append(rule).append('\n');
    }
    for (FixNodeGroup group : nodeFix.groups()) {
      out.append("nodes (nat fingerprint ")
          .append(group.fingerprint(), 0, Math.min(12, group.fingerprint().length()))
          .append("): ")
          .append(group.nodes().size())
          .append('\n');
    }
    return out.toString().stripTrailing();
  }

  @Override
  public List<String> command() {
    return List.of();
  }
}
