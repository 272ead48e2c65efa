package io.peerfix.nat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns the paths explored for one packet into one verdict: the common answer when all paths agree
 * on action and source (with a note on what did not matter), otherwise INDETERMINATE naming what
 * the answer depends on and the possible outcomes.
 */
final class PathMerger {
  private PathMerger() {}

  static NatVerdict merge(List<PathResult> paths, boolean exceeded, List<String> warnings) {
    PathResult first = paths.get(0);
    List<String> notes = new ArrayList<>(warnings);
    notes.addAll(first.notes());
    if (paths.size() == 1 && !exceeded) {
      return verdict(first, first.indeterminateReason(), notes);
    }
    Set<String> dependsOn = new LinkedHashSet<>();
    Set<String> destinations = new LinkedHashSet<>();
    boolean agree = !exceeded;
    for (PathResult path : paths) {
      dependsOn.addAll(path.dependsOn());
      destinations.add(String.valueOf(path.destinationAfter()));
      agree &= path.agreesWith(first);
    }
    if (agree) {
      notes.add(
          "the answer is the same on all "
              + paths.size()
              + " ways these can go: "
              + String.join("; ", dependsOn));
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
          null);
    }
    return new NatVerdict(
        NatAction.INDETERMINATE,
        null,
        destinations.size() == 1 ? first.destinationAfter() : null,
        null,
        first.trace(),
        notes,
        reason(paths, exceeded, dependsOn));
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

  private static String reason(List<PathResult> paths, boolean exceeded, Set<String> dependsOn) {
    StringBuilder reason = new StringBuilder();
    if (exceeded) {
      reason.append("more than ").append(NatEvaluator.MAX_PATHS).append(" possible paths; ");
    }
    if (!dependsOn.isEmpty()) {
      reason.append("depends on ").append(String.join("; ", dependsOn)).append(". ");
    }
    Set<String> outcomes = new LinkedHashSet<>();
    for (PathResult path : paths) {
      outcomes.add(path.summary());
    }
    if (outcomes.size() == 1 && paths.get(0).indeterminateReason() != null && dependsOn.isEmpty()) {
      return paths.get(0).indeterminateReason();
    }
    reason.append("Possible outcomes: ").append(String.join(" | ", outcomes));
    return reason.toString();
  }

  private static NatVerdict verdict(PathResult path, String reason, List<String> notes) {
    return new NatVerdict(
        path.action(),
        path.sourceAfter(),
        path.destinationAfter(),
        path.decidingRule(),
        path.trace(),
        notes,
        reason);
  }
}
