package io.peerfix.agent.reconcile;

import java.time.Duration;
import java.time.Instant;

/**
 * When the idle agent looks at its table again, scaled to what looking costs on this node, so the
 * agent's idle CPU stays small on a big table and its checks stay frequent on a small one:
 *
 * <ul>
 *   <li>the probe of {@code POSTROUTING} and peerfix's chain every {@value #PROBE_BUDGET} times its
 *       last cost, at least every {@link #PROBE_MAX} so a flushed or restored table is repaired
 *       within 15 s, at most every {@link #PROBE_MIN}. With the kernel's stamp of the table a probe
 *       that finds it unmoved costs microseconds, so the probe runs every 3 s and lists only after
 *       a write; a probe that lists costs 2 ms on nf_tables (again 3 s) and 250 ms on legacy
 *       iptables with a 140,000-line table (a whole-table copy: the next probe 10 s later). Without
 *       a stamp every probe lists, at those same paces;
 *   <li>the whole-table read and the NAT engine's judgement every {@value #FULL_BUDGET} times what
 *       the last one took (a quarter of a percent of the time), between {@link #FULL_MIN} and
 *       {@link #FULL_MAX}: on a small table every 5 minutes; with 140,000 lines about every 20
 *       minutes on legacy iptables (the read 0.4 s of CPU, the engine's parse seconds) and every 2
 *       hours on nf_tables (iptables-nft-save alone 17 s of CPU). It is the safety net for what the
 *       probe cannot see (a chain reached above peerfix's jump changing inside, a DNAT in
 *       PREROUTING); whatever the probe sees is judged at once;
 *   <li>after a failed pass, a first retry after {@link #RETRY_FIRST}, short so that a repair whose
 *       first pass fails on a loaded node (a listing or the lock timed out) still lands within 15 s
 *       of the change (up to a probe interval to see it, the failed pass, the retry); then {@link
 *       #RETRY_NEXT}, doubling up to {@link #RETRY_MAX}, so a read that keeps timing out is never
 *       repeated in a loop.
 * </ul>
 */
final class CheckSchedule {
  static final Duration PROBE_MIN = Duration.ofSeconds(3);
  static final Duration PROBE_MAX = Duration.ofSeconds(10);
  static final int PROBE_BUDGET = 50;
  static final Duration FULL_MIN = Duration.ofMinutes(5);
  static final Duration FULL_MAX = Duration.ofHours(2);
  static final int FULL_BUDGET = 400;
  static final Duration RETRY_FIRST = Duration.ofSeconds(2);
  static final Duration RETRY_NEXT = Duration.ofSeconds(10);
  static final Duration RETRY_MAX = Duration.ofMinutes(5);

  private Instant nextProbe = Instant.MIN;
  private Instant nextFull = Instant.MIN;
  private Instant retryAt = Instant.MIN;
  private Duration fullCost = Duration.ZERO;
  private int failures;
  private long judgements;

  boolean probeDue(Instant now) {
    return !now.isBefore(nextProbe);
  }

  void probed(Instant now, Duration cost) {
    nextProbe = now.plus(clamp(cost.multipliedBy(PROBE_BUDGET), PROBE_MIN, PROBE_MAX));
  }

  boolean fullDue(Instant now) {
    return !now.isBefore(nextFull);
  }

  /** The whole table was read and judged by {@code now}, which took {@code cost}. */
  void fullRead(Instant now, Duration cost) {
    fullCost = cost;
    judgements++;
    fullPassed(now);
  }

  /** How many whole-table reads and judgements {@link #fullRead} was told of. */
  long judgements() {
    return judgements;
  }

  /** A pass that was due to be full ran at {@code now}: the next is one full interval away. */
  void fullPassed(Instant now) {
    nextFull = now.plus(clamp(fullCost.multipliedBy(FULL_BUDGET), FULL_MIN, FULL_MAX));
  }

  boolean failing() {
    return failures > 0;
  }

  boolean retryDue(Instant now) {
    return failures > 0 && !now.isBefore(retryAt);
  }

  void passEnded(Instant now, boolean failed) {
    if (!failed) {
      failures = 0;
      return;
    }
    failures++;
    Duration wait =
        failures == 1
            ? RETRY_FIRST
            : RETRY_NEXT.multipliedBy(1L << Math.min(failures - 2, 16)); // 10 s, 20 s, 40 s, ...
    retryAt = now.plus(wait.compareTo(RETRY_MAX) > 0 ? RETRY_MAX : wait);
  }

  private static Duration clamp(Duration d, Duration min, Duration max) {
    return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
  }
}
