package io.peerfix.nat;

import java.util.List;

/**
 * The answer for one packet: what happens to its source ({@link #action()}), the source and
 * destination after NAT (null when unknown, e.g. MASQUERADE without the node's address), the rule
 * that decided (null when a chain policy or the end of the hooks decided), the trace of rules
 * visited, notes (assumptions, forks that did not matter) and, for {@link NatAction#INDETERMINATE},
 * what the answer depends on. {@code destinationPortAfter} is the destination port after DNAT or
 * REDIRECT (the packet's own when none applied), 0 when not known.
 */
public record NatVerdict(
    NatAction action,
    io.peerfix.net.Ipv4 sourceAfter,
    io.peerfix.net.Ipv4 destinationAfter,
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
      io.peerfix.net.Ipv4 sourceAfter,
      io.peerfix.net.Ipv4 destinationAfter,
      RuleRef decidingRule,
      List<TraceStep> trace,
      List<String> notes,
      String indeterminateReason) {
    this(action, sourceAfter, destinationAfter, decidingRule, trace, notes, indeterminateReason, 0);
  }

  /** The verdict of one path, its addresses (dotted quads the engine wrote) as values. */
  static NatVerdict of(
      NatAction action,
      String sourceAfter,
      String destinationAfter,
      RuleRef decidingRule,
      List<TraceStep> trace,
      List<String> notes,
      String indeterminateReason,
      int destinationPortAfter) {
    return new NatVerdict(
        action,
        address(sourceAfter),
        address(destinationAfter),
        decidingRule,
        trace,
        notes,
        indeterminateReason,
        destinationPortAfter);
  }

  /** As above, the destination port after NAT not known (0). */
  static NatVerdict of(
      NatAction action,
      String sourceAfter,
      String destinationAfter,
      RuleRef decidingRule,
      List<TraceStep> trace,
      List<String> notes,
      String indeterminateReason) {
    return of(
        action, sourceAfter, destinationAfter, decidingRule, trace, notes, indeterminateReason, 0);
  }

  private static io.peerfix.net.Ipv4 address(String text) {
    return text == null ? null : io.peerfix.net.Ipv4.parse(text);
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
