package io.peerfix.nat;

/** Human sentences for a verdict, naming the rule that decided. */
final class VerdictText {
  /** Rules named in a NONE answer's reasons; more are counted. */
  static final int MAX_WHY = 10;

  private VerdictText() {}

  /**
   * Why the source was left alone, as {@code diagnose} says it: each rule that could have rewritten
   * the source and why it did not match, and each RETURN or ACCEPT that matched and so skipped the
   * rules after it. Rules whose outcome turned on the destination come first: they are what the
   * user's packet met; the others follow only when no rule turned on it.
   */
  private static void why(NatVerdict verdict, StringBuilder out) {
    java.util.List<TraceStep> steps = verdict.whyNotRewritten();
    if (steps.isEmpty()) {
      out.append("why: no rule that rewrites the source (MASQUERADE or SNAT) was reached\n");
      return;
    }
    for (TraceStep step : steps.subList(0, Math.min(MAX_WHY, steps.size()))) {
      out.append("why: ")
          .append(step.chain())
          .append(" rule ")
          .append(step.index())
          .append(" `")
          .append(step.text())
          .append(step.matched() ? "` matches and ends its chain: " : "` does not match: ")
          .append(step.reason())
          .append('\n');
    }
    if (steps.size() > MAX_WHY) {
      out.append("why: and ").append(steps.size() - MAX_WHY).append(" more such rules\n");
    }
  }

  static java.util.List<TraceStep> whyKept(java.util.List<TraceStep> trace) {
    java.util.List<TraceStep> candidates =
        trace.stream()
            .filter(
                s ->
                    s.matched()
                        ? s.text().contains("-j RETURN") || s.text().contains("-j ACCEPT")
                        : s.text().contains("-j MASQUERADE") || s.text().contains("-j SNAT"))
            .toList();
    java.util.List<TraceStep> onDestination =
        candidates.stream().filter(TraceStep::onDestination).toList();
    return onDestination.isEmpty() ? candidates : onDestination;
  }

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
    if (verdict.action() == NatAction.NONE) {
      why(verdict, out);
    }
    for (String note : verdict.notes()) {
      out.append("note: ").append(note).append('\n');
    }
    return out.toString();
  }
}
