package io.peerfix.nat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the paths explored for one packet into one verdict: the common answer when all paths agree
 * on action and source (with a note on what did not matter), otherwise INDETERMINATE naming what
 * the answer depends on and the possible outcomes. When the evaluation budget ran out before every
 * path was explored the answer is INDETERMINATE and says which limit was reached and what the
 * explored paths gave.
 */
final class PathMerger {
  private PathMerger() {}

  static NatVerdict merge(List<PathResult> paths, Spending spending, List<String> warnings) {
    PathResult first = paths.get(0);
    List<String> notes = notes(first, spending, warnings);
    if (paths.size() == 1) {
      return verdict(first, first.indeterminateReason(), notes);
    }
    Set<String> destinations = destinations(paths);
    boolean agree = true;
    for (PathResult path : paths) {
      agree &= path.agreesWith(first);
    }
    if (agree) {
      notes.add(
          "the answer is the same on all "
              + paths.size()
              + " ways these can go: "
              + spending.dependsOnText());
      if (destinations.size() > 1) {
        notes.add("the destination after NAT can be any of " + String.join(", ", destinations));
      }
      return new NatVerdict(
          first.action(),
          first.sourceAfter(),
          destinations.size() == 1 ? first.destinationAfter() : null,
          commonRule(paths),
          first.trace(),
          notes,
          null,
          commonPort(paths));
    }
    return new NatVerdict(
        NatAction.INDETERMINATE,
        null,
        destinations.size() == 1 ? first.destinationAfter() : null,
        null,
        first.trace(),
        notes,
        reason(paths, spending),
        commonPort(paths));
  }

  /** The destination port all paths give, or 0 when they differ. */
  private static int commonPort(List<PathResult> paths) {
    int port = paths.get(0).destinationPortAfter();
    for (PathResult path : paths) {
      if (path.destinationPortAfter() != port) {
        return 0;
      }
    }
    return port;
  }

  /**
   * The verdict when the budget ran out: {@code limit} says which limit, {@code unexplored} whether
   * paths were left (the last one in {@code paths} may have been cut short).
   */
  static NatVerdict spent(
      List<PathResult> paths,
      boolean unexplored,
      Spending spending,
      List<String> warnings,
      String limit) {
    PathResult first = paths.get(0);
    List<String> notes = notes(first, spending, warnings);
    List<PathResult> complete =
        paths.stream().filter(p -> !Spending.VISITS_SPENT.equals(p.indeterminateReason())).toList();
    StringBuilder reason = new StringBuilder(limit);
    if (complete.isEmpty()) {
      reason
          .append(" on the first path: the table makes this packet visit more rules than any real")
          .append(" node's table does");
    } else {
      Set<String> outcomes = new LinkedHashSet<>();
      for (PathResult path : complete) {
        outcomes.add(path.summary());
      }
      reason
          .append(" after ")
          .append(complete.size())
          .append(complete.size() == 1 ? " path" : " paths")
          .append(unexplored ? ", before the others were explored" : "")
          .append(outcomes.size() == 1 ? "; the explored ones all give " : "; they give ")
          .append(listed(outcomes));
    }
    if (spending.dependsOnAnything()) {
      reason.append("; depends on ").append(spending.dependsOnText());
    }
    return new NatVerdict(
        NatAction.INDETERMINATE, null, null, null, first.trace(), notes, reason.toString());
  }

  private static List<String> notes(PathResult first, Spending spending, List<String> warnings) {
    List<String> notes = new ArrayList<>(warnings);
    notes.addAll(first.notes());
    if (spending.traceLeftOut() > 0) {
      notes.add(
          "the trace leaves out "
              + spending.traceLeftOut()
              + " rules visited that did not match and rewrite nothing (it keeps "
              + spending.budget.maxTraceSteps()
              + " steps, then only rules that matched or rewrite the source)");
    }
    return notes;
  }

  private static Set<String> destinations(List<PathResult> paths) {
    Set<String> destinations = new LinkedHashSet<>();
    for (PathResult path : paths) {
      destinations.add(String.valueOf(path.destinationAfter()));
    }
    return destinations;
  }

  private static RuleRef commonRule(List<PathResult> paths) {
    RuleRef rule = paths.get(0).decidingRule();
    for (PathResult path : paths) {
      if (!Objects.equals(rule, path.decidingRule())) {
        return rule;
      }
    }
    return rule;
  }

  private static String reason(List<PathResult> paths, Spending spending) {
    StringBuilder reason = new StringBuilder();
    if (spending.dependsOnAnything()) {
      reason.append("depends on ").append(spending.dependsOnText()).append(". ");
    }
    Set<String> outcomes = new LinkedHashSet<>();
    for (PathResult path : paths) {
      outcomes.add(path.summary());
    }
    if (outcomes.size() == 1
        && paths.get(0).indeterminateReason() != null
        && !spending.dependsOnAnything()) {
      return paths.get(0).indeterminateReason();
    }
    reason.append("Possible outcomes: ").append(listed(outcomes));
    return reason.toString();
  }

  /** Distinct outcomes kept in a reason; more are counted. */
  private static final int MAX_OUTCOMES = 8;

  private static String listed(Set<String> outcomes) {
    List<String> shown = outcomes.stream().limit(MAX_OUTCOMES).toList();
    String text = String.join(" | ", shown);
    return outcomes.size() > MAX_OUTCOMES
        ? text + " | and " + (outcomes.size() - MAX_OUTCOMES) + " more"
        : text;
  }

  private static NatVerdict verdict(PathResult path, String reason, List<String> notes) {
    return new NatVerdict(
        path.action(),
        path.sourceAfter(),
        path.destinationAfter(),
        path.decidingRule(),
        path.trace(),
        notes,
        reason,
        path.destinationPortAfter());
  }
}
