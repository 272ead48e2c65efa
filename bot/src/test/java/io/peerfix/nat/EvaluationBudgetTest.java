package io.peerfix.nat;

import static io.peerfix.nat.NatFixtures.POD_TO_DB;
import static io.peerfix.nat.NatFixtures.rules;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One evaluation spends a bounded number of visits, paths and trace steps, and says when. */
class EvaluationBudgetTest {
  private static NatVerdict evaluate(String rules) {
    return NatFixtures.evaluate(rules);
  }

  private static NatVerdict evaluate(String rules, EvaluationBudget budget) {
    return NatEvaluator.evaluate(
        NatDump.parse(rules), POD_TO_DB, NodeContext.of(NatFixtures.NODE_IP), budget);
  }

  /** A kube-proxy service with {@code endpoints} endpoints chosen by -m statistic. */
  private static String serviceWithEndpoints(int endpoints) {
    List<String> lines = new ArrayList<>();
    lines.add("-N KUBE-SVC-DB");
    for (int i = 1; i <= endpoints; i++) {
      lines.add("-N KUBE-SEP-" + i);
      lines.add("-A KUBE-SEP-" + i + " -p tcp -j DNAT --to-destination 10.0.6." + i + ":5432");
    }
    lines.add("-A PREROUTING -d 10.0.5.20/32 -p tcp -m tcp --dport 5432 -j KUBE-SVC-DB");
    for (int i = 1; i < endpoints; i++) {
      double probability = 1.0 / (endpoints - i + 1);
      lines.add(
          "-A KUBE-SVC-DB -m statistic --mode random --probability "
              + String.format(java.util.Locale.ROOT, "%.5f", probability)
              + " -j KUBE-SEP-"
              + i);
    }
    lines.add("-A KUBE-SVC-DB -j KUBE-SEP-" + endpoints);
    lines.add("-A POSTROUTING -o eth0 -j MASQUERADE");
    return rules(lines.toArray(String[]::new));
  }

  @Test
  void seventyEndpointsThatAllMasqueradeAnswerMasquerade() {
    NatVerdict verdict = evaluate(serviceWithEndpoints(70));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.sourceAfter()).hasToString(NatFixtures.NODE_IP);
    assertThat(verdict.destinationAfter()).isNull();
    assertThat(verdict.notes()).anyMatch(n -> n.startsWith("the answer is the same on all 70 "));
  }

  @Test
  void morePathsThanTheBudgetAllowsIsIndeterminateNamingTheLimitAndWhatTheExploredGave() {
    NatVerdict verdict =
        evaluate(serviceWithEndpoints(70), new EvaluationBudget(2_000_000, 64, 1000));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .startsWith("there are more than 64 possible paths")
        .contains("after 64 paths, before the others were explored")
        .contains("the explored ones all give MASQUERADE to 172.20.1.10");
  }

  /** The fuzzing find: random forks before 2,000 jumps into a chain of 1,000 rules. */
  private static String forksBeforeAHugeWalk(int forks, int jumps, int rulesInChain) {
    List<String> lines = new ArrayList<>();
    lines.add("-N BIG");
    for (int i = 0; i < forks; i++) {
      lines.add(
          "-A PREROUTING -m statistic --mode random --probability 0.5 -j MARK --xor-mark "
              + (1 << i));
    }
    for (int i = 0; i < jumps; i++) {
      lines.add("-A PREROUTING -j BIG");
    }
    for (int i = 0; i < rulesInChain; i++) {
      lines.add("-A BIG -s 192.0.2." + (i % 250) + "/32 -j MARK --set-mark 1");
    }
    return rules(lines.toArray(String[]::new));
  }

  @Test
  void aWalkLongerThanTheVisitBudgetIsIndeterminateAndKeepsAShortTrace() {
    EvaluationBudget budget = new EvaluationBudget(100_000, 4096, 500);

    NatVerdict verdict = evaluate(forksBeforeAHugeWalk(6, 2_000, 1_000), budget);

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .startsWith("the evaluation budget of 100000 rule visits is spent on the first path");
    assertThat(verdict.trace()).hasSizeBetween(500, 1000);
    assertThat(verdict.notes()).anyMatch(n -> n.startsWith("the trace leaves out "));
  }

  @Test
  void theDefaultBudgetStopsTheFuzzingFindOnItsFirstPath() {
    NatVerdict verdict = evaluate(forksBeforeAHugeWalk(6, 2_000, 1_000));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .startsWith("the evaluation budget of 2000000 rule visits is spent on the first path");
    assertThat(verdict.trace().size())
        .isLessThanOrEqualTo(2 * EvaluationBudget.DEFAULT.maxTraceSteps());
  }

  @Test
  void visitsAreCountedOverAllPathsNotPerPath() {
    // Each of the 16 paths makes ~1,000 visits: 16,000 in all, over a budget of 10,000.
    NatVerdict verdict =
        evaluate(forksBeforeAHugeWalk(4, 1, 1_000), new EvaluationBudget(10_000, 4096, 100));

    assertThat(verdict.action()).isEqualTo(NatAction.INDETERMINATE);
    assertThat(verdict.indeterminateReason())
        .startsWith("the evaluation budget of 10000 rule visits is spent after ")
        .contains("the explored ones all give NONE (source stays 10.244.1.5)");
  }

  @Test
  void aTraceWithinTheBudgetIsKeptWhole() {
    NatVerdict verdict = evaluate(forksBeforeAHugeWalk(0, 1, 300));

    assertThat(verdict.action()).isEqualTo(NatAction.NONE);
    assertThat(verdict.trace()).hasSize(301);
    assertThat(verdict.notes()).noneMatch(n -> n.startsWith("the trace leaves out "));
  }

  @Test
  void aJumpChainOfTenThousandLevelsIsWalkedToItsEnd() {
    List<String> lines = new ArrayList<>();
    int depth = 10_000;
    for (int i = 0; i < depth; i++) {
      lines.add("-N C" + i);
    }
    lines.add("-A POSTROUTING -j C0");
    for (int i = 0; i + 1 < depth; i++) {
      lines.add("-A C" + i + " -j C" + (i + 1));
    }
    lines.add("-A C" + (depth - 1) + " -o eth0 -j MASQUERADE");

    NatVerdict verdict = evaluate(rules(lines.toArray(String[]::new)));

    assertThat(verdict.action()).isEqualTo(NatAction.MASQUERADE);
    assertThat(verdict.decidingRule().chain()).isEqualTo("C" + (depth - 1));
  }
}
