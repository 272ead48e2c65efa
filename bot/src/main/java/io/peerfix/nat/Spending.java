package io.peerfix.nat;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an evaluation has spent of its {@link EvaluationBudget} so far, shared by all its paths, and
 * the few things all paths contribute to (what the answer depends on, kept to a bounded number of
 * distinct entries).
 */
final class Spending {
  /** Distinct "depends on" entries kept; more are counted, not listed. */
  static final int MAX_DEPENDS_ON = 16;

  static final String VISITS_SPENT = "visits spent";

  final EvaluationBudget budget;
  private int visits;
  private int traceSteps;
  private int traceLeftOut;
  private final Set<String> dependsOn = new LinkedHashSet<>();
  private boolean dependsOnLeftOut;

  Spending(EvaluationBudget budget) {
    this.budget = budget;
  }

  /** Counts one rule visit; false when the budget had no visit left for it. */
  boolean visit() {
    return ++visits <= budget.maxVisits();
  }

  int visits() {
    return Math.min(visits, budget.maxVisits());
  }

  /** Whether a trace step is kept: all up to the limit, then only telling ones up to twice that. */
  boolean keepStep(boolean telling) {
    if (traceSteps < budget.maxTraceSteps() || telling && traceSteps < 2 * budget.maxTraceSteps()) {
      traceSteps++;
      return true;
    }
    traceLeftOut++;
    return false;
  }

  int traceLeftOut() {
    return traceLeftOut;
  }

  void dependsOn(String what) {
    if (dependsOn.size() < MAX_DEPENDS_ON) {
      dependsOn.add(what);
    } else if (!dependsOn.contains(what)) {
      dependsOnLeftOut = true;
    }
  }

  /** What the answer depends on, saying when entries were left out. */
  String dependsOnText() {
    String listed = String.join("; ", dependsOn);
    return dependsOnLeftOut ? listed + "; and more conditions not listed" : listed;
  }

  boolean dependsOnAnything() {
    return !dependsOn.isEmpty();
  }
}
