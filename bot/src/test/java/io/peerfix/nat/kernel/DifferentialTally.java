package io.peerfix.nat.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Running totals of the differential test and the first disagreements in full. Shared by the tests
 * of one run and printed at its end (the figures go into the closing note).
 */
final class DifferentialTally {
  private static final int KEPT = 12;

  int ruleSets;
  int refusedByKernel;
  int packets;
  int comparisons;
  int agreements;
  int indeterminateFixture;
  int indeterminateGenerated;
  int kernelSilent;
  int disagreements;
  int toTheNode;
  int destinationOpen;
  int indeterminateListing;
  int portsCompared;
  int portsLeftOpen;

  /** Comparisons and agreements by restore form ("form: agreed/compared"). */
  final Map<String, int[]> byForm = new TreeMap<>();

  /** Agreed answers by what happened: MASQUERADE, SNAT, NONE, each with "+DNAT" when rerouted. */
  final Map<String, Integer> agreedByAction = new TreeMap<>();

  final List<String> indeterminateReasons = new ArrayList<>();
  final List<String> failures = new ArrayList<>();

  /** Failures per rule set (fixture name or generated index), all of them. */
  final Map<String, Integer> failuresByCase = new TreeMap<>();

  void fail(String caseName, String report) {
    disagreements++;
    int forCase = failuresByCase.merge(caseName, 1, Integer::sum);
    // Two examples per rule set, so one noisy set does not hide the others.
    if (forCase <= 2 && failures.size() < KEPT) {
      failures.add(report);
    }
  }

  String totals() {
    return String.format(
        "rule sets %d (refused by the kernel %d), packets %d, model comparisons %d, agreements %d,"
            + " disagreements %d, indeterminate %d (fixtures %d, generated %d), kernel gave no answer %d;"
            + " agreed by action %s; destination left open by the model: delivered to the node %d,"
            + " forwarded %d;"
            + " indeterminate from the lossy -L listing (not failures) %d; destination ports"
            + " compared %d, left open by the model %d; agreed/compared by restore form %s;"
            + " failures by case %s",
        ruleSets,
        refusedByKernel,
        packets,
        comparisons,
        agreements,
        disagreements,
        indeterminateFixture + indeterminateGenerated,
        indeterminateFixture,
        indeterminateGenerated,
        kernelSilent,
        agreedByAction,
        toTheNode,
        destinationOpen,
        indeterminateListing,
        portsCompared,
        portsLeftOpen,
        formTotals(),
        failuresByCase);
  }

  void compared(String form, boolean agreed) {
    int[] counts = byForm.computeIfAbsent(form, f -> new int[2]);
    counts[1]++;
    if (agreed) {
      counts[0]++;
    }
  }

  private String formTotals() {
    Map<String, String> shown = new TreeMap<>();
    byForm.forEach((form, counts) -> shown.put(form, counts[0] + "/" + counts[1]));
    return shown.toString();
  }
}
