package io.peerfix.nat;

/** Human sentences for a verdict, naming the rule that decided. */
final class VerdictText {
  private VerdictText() {}

  static String explain(NatVerdict verdict) {
    StringBuilder out = new StringBuilder();
    switch (verdict.action()) {
      case MASQUERADE ->
          out.append("MASQUERADE: the source becomes ")
              .append(
                  verdict.sourceAfter() == null
                      ? "the out-interface address (unknown: give the node's address, --node-ip)"
                      : verdict.sourceAfter() + " (the node's address)");
      case SNAT -> out.append("SNAT: the source becomes ").append(verdict.sourceAfter());
      case NONE ->
          out.append("NONE: the source is not rewritten; the packet leaves as ")
              .append(verdict.sourceAfter());
      case INDETERMINATE -> out.append("INDETERMINATE: ").append(verdict.indeterminateReason());
    }
    out.append('\n');
    if (verdict.decidingRule() != null) {
      RuleRef rule = verdict.decidingRule();
      out.append("decided by ")
          .append(rule.chain())
          .append(" rule ")
          .append(rule.index())
          .append(": ")
          .append(rule.text())
          .append('\n');
    } else if (verdict.action() != NatAction.INDETERMINATE) {
      out.append("decided by the chain policy: no rule that rewrites the source matched\n");
    }
    for (String note : verdict.notes()) {
      out.append("note: ").append(note).append('\n');
    }
    return out.toString();
  }
}
