package io.peerfix.nat;

import java.util.List;

/**
 * The outcome of one evaluation path (one way the unknowns can go); {@code destinationPortAfter} is
 * 0 when not known.
 */
record PathResult(
    NatAction action,
    String sourceAfter,
    String destinationAfter,
    int destinationPortAfter,
    RuleRef decidingRule,
    List<TraceStep> trace,
    List<String> notes,
    String indeterminateReason) {

  /** Same action and source: the paths agree on what matters to the caller. */
  boolean agreesWith(PathResult other) {
    return action == other.action
        && action != NatAction.INDETERMINATE
        && java.util.Objects.equals(sourceAfter, other.sourceAfter);
  }

  String summary() {
    return switch (action) {
      case MASQUERADE, SNAT ->
          action
              + (sourceAfter == null ? "" : " to " + sourceAfter)
              + (decidingRule == null
                  ? ""
                  : " (" + decidingRule.chain() + " rule " + decidingRule.index() + ")");
      case NONE -> "NONE (source stays " + sourceAfter + ")";
      case INDETERMINATE -> "INDETERMINATE (" + indeterminateReason + ")";
    };
  }
}
