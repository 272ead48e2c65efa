package io.peerfix.agent;

import io.peerfix.agent.reconcile.FixAgent;

/**
 * Returns the garbage of the agent's whole-table judgements at once: after each one, a full
 * collection. A judgement of a 140,000-line nat table reads the table as text and parses it (about
 * 150 MiB of short-lived objects, most of them promoted to the old generation by the serial
 * collector's small young generation); left there, the old generation's top sits high, and the idle
 * agent's few promotions then keep touching pages above it that were never resident, so resident
 * memory creeps up for hours. Collected at once (tens of milliseconds for the agent's live set of
 * about 50 MiB, every 20 minutes to 2 hours), the old generation restarts low, in pages that are
 * resident already, and resident memory stays flat (docs/benchmarks.md).
 */
final class HeapRelease {
  private long judgements;

  /**
   * After a tick of {@code agent}: a full collection if it judged the whole table since the last.
   */
  void afterTick(FixAgent agent) {
    long now = agent.judgements();
    if (now != judgements) {
      judgements = now;
      System.gc();
    }
  }
}
