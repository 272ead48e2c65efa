package io.peerfix.agent;

import io.peerfix.agent.reconcile.FixAgent;

/**
 * Returns the garbage of the agent's whole-table judgements at once: after each one, a full
 * collection. A judgement of a 140,000-line nat table reads the table as text and parses it (over
 * 100 MiB of short-lived objects, most of them promoted to the old generation by the serial
 * collector's small young generation); left there, the old generation's top sits high, and the idle
 * agent's promotions then touch pages above it that were never resident, so resident memory creeps
 * up until the whole heap is. Collected at once (the agent's live set is about 50 MiB: 32 ms on
 * nf_tables, about 0.3 s on legacy, every 20 minutes to 2 hours), the old generation restarts low,
 * in pages that are resident already (docs/benchmarks.md).
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
