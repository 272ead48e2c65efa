package io.peerfix.nat;

import java.util.List;

/**
 * The answer for one packet: what happens to its source ({@link #action()}), the source and
 * destination after NAT, the rule that decided (null when a chain policy or the end of the hooks
 * decided), the trace of rules visited, notes (assumptions, forks that did not matter) and, for
 * {@link NatAction#INDETERMINATE}, what the answer depends on. {@code destinationPortAfter} is the
 * destination port after DNAT or REDIRECT (the packet's own when none applied), 0 when not known.
 */
public record NatVerdict(
    NatAction action,
    String sourceAfter,
    String destinationAfter,
    RuleRef decidingRule,
    List<TraceStep> trace,
    List<String> notes,
    String indeterminateReason,
    int destinationPortAfter) {

  public NatVerdict {
    trace = List.copyOf(trace);
    notes = List.copyOf(notes);
  }

  /** A verdict that does not know the destination port after NAT (0). */
  public NatVerdict(
      NatAction action,
      String sourceAfter,
      String destinationAfter,
      RuleRef decidingRule,
      List<TraceStep> trace,
      List<String> notes,
      String indeterminateReason) {
    this(action, sourceAfter, destinationAfter, decidingRule, trace, notes, indeterminateReason, 0);
  }

  /**
   * For a NONE answer, the rules that explain why the source was left alone: rules that could have
   * rewritten it (MASQUERADE, SNAT) and did not match, and RETURN/ACCEPT rules that matched and
   * skipped the rest of their chain; those whose outcome turned on the destination when there are
   * any. Empty for other answers.
   */
  public List<TraceStep> whyNotRewritten() {
    return action == NatAction.NONE ? VerdictText.whyKept(trace) : List.of();
  }

  /** A short human explanation naming the deciding rule. */
  public String explain() {
    return VerdictText.explain(this);
  }
}
