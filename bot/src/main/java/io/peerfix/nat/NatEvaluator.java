package io.peerfix.nat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Predicts what the nat table does to the first packet of a connection: nat PREROUTING (forwarded)
 * or OUTPUT (sent by the node) then POSTROUTING, with policies, jumps, gotos, returns and marks.
 * Where a rule's outcome cannot be known (ipset not given, {@code -m statistic}, an unknown
 * extension, a listing that hides something) it evaluates both ways; it answers when every way
 * gives the same action and source, and otherwise says INDETERMINATE and what it depends on. One
 * evaluation spends at most an {@link EvaluationBudget} (rule visits over all paths, paths, trace
 * steps); when that is spent the answer is INDETERMINATE and says so.
 */
public final class NatEvaluator {
  private NatEvaluator() {}

  /** Evaluates with {@link EvaluationBudget#DEFAULT}. */
  public static NatVerdict evaluate(NatTable table, Packet packet, NodeContext node) {
    return evaluate(table, packet, node, EvaluationBudget.DEFAULT);
  }

  public static NatVerdict evaluate(
      NatTable table, Packet packet, NodeContext node, EvaluationBudget budget) {
    NodeContext context = node == null ? NodeContext.unknown() : node;
    Set<Integer> locals = new HashSet<>();
    for (String address : context.localAddresses()) {
      locals.add(Ipv4.parseUserAddress(address, "local"));
    }
    Spending spending = new Spending(budget);
    List<PathResult> paths = new ArrayList<>();
    Choices choices = new Choices();
    boolean more;
    do {
      choices.restart();
      PathResult path =
          new PathRun(table, packet, context, locals, choices, spending, paths.isEmpty()).run();
      paths.add(path);
      more = choices.next();
      if (Spending.VISITS_SPENT.equals(path.indeterminateReason())) {
        return PathMerger.spent(paths, more, spending, table.warnings(), visitsText(budget));
      }
    } while (more && paths.size() < budget.maxPaths());
    if (more) {
      return PathMerger.spent(paths, true, spending, table.warnings(), pathsText(budget));
    }
    return PathMerger.merge(paths, spending, table.warnings());
  }

  private static String visitsText(EvaluationBudget budget) {
    return "the evaluation budget of " + budget.maxVisits() + " rule visits is spent";
  }

  private static String pathsText(EvaluationBudget budget) {
    return "there are more than " + budget.maxPaths() + " possible paths (the evaluation budget)";
  }
}
