package io.peerfix.schedule.watch;

/** What a scheduled run concluded about one target. */
public enum TargetState {
  /** Pods on every node probed reach the target. */
  OK,
  /** The diagnosis found a root cause other than {@code HEALTHY}. */
  FAILING,
  /** No node could be probed (all of them left out, or the run observed nothing). */
  UNKNOWN
}
