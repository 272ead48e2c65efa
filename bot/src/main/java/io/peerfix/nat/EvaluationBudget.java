package io.peerfix.nat;

/**
 * What one evaluation (one packet, every path its unknowns open) may spend: rule visits summed over
 * all paths, the number of paths, and trace steps kept. When visits or paths run out the answer is
 * INDETERMINATE saying which limit was reached (unless every path explored so far and every path
 * left agree, which cannot be known then). The trace keeps every step up to {@code maxTraceSteps};
 * beyond, only the steps that explain an answer (rules that matched, rules that rewrite the source)
 * are kept, up to twice that, and a note counts what was left out. The defaults answer every table
 * of real nodes (a 10,000-service kube-proxy table with a 70-endpoint service costs about 700,000
 * visits) and bound a hostile one to about a second and well under 512 MB.
 */
public record EvaluationBudget(int maxVisits, int maxPaths, int maxTraceSteps) {
  /** The budget {@link NatEvaluator#evaluate(NatTable, Packet, NodeContext)} uses. */
  public static final EvaluationBudget DEFAULT = new EvaluationBudget(2_000_000, 4_096, 20_000);

  public EvaluationBudget {
    if (maxVisits < 1 || maxPaths < 1 || maxTraceSteps < 0) {
      throw new IllegalArgumentException(
          "budget limits must be positive: visits " + maxVisits + ", paths " + maxPaths);
    }
  }
}
