package io.peerfix.nat;

/**
 * One rule visited during evaluation: where it is, its iptables-save text, whether it matched and
 * why (for example {@code destination 10.0.5.20 is in 10.0.0.0/8, negated => no match}), and
 * whether that outcome turned on the packet's destination ({@code -d}, {@code --dst-type}, a {@code
 * dst} set, a destination port): for a rule that did not match, the condition that failed; for one
 * that matched, any of its conditions.
 */
public record TraceStep(
    String chain, int index, String text, boolean matched, String reason, boolean onDestination) {

  /** A step whose outcome did not turn on the destination. */
  public TraceStep(String chain, int index, String text, boolean matched, String reason) {
    this(chain, index, text, matched, reason, false);
  }
}
