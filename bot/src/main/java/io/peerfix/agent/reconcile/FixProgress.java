package io.peerfix.agent.reconcile;

import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import java.time.Instant;
import java.util.Optional;

/**
 * One fix's progress on this agent's node, as the agent keeps it between passes: the status it last
 * wrote (so an unchanged report writes nothing), the last status that was not a failed attempt, and
 * how many times it put back the fix's rules. The failed attempts are kept apart so that rules put
 * back by the retry of a pass that failed (a listing timed out on a loaded node) still count as a
 * repair of a fix that was applied.
 */
final class FixProgress {
  private NodeStatus written;
  private NodeStatus settled;
  private int repairs;

  /** Whether a status of this fix was written by this agent. */
  boolean reported() {
    return written != null;
  }

  /** Whether the last status that was not a failed attempt said applied, for this digest. */
  boolean wasApplied(String digest) {
    return settled != null
        && settled.state() == NodeFixState.APPLIED
        && settled.digest().equals(digest);
  }

  /** Counts one repair: the fix's rules were put back after something removed them. */
  void repaired() {
    repairs++;
  }

  int repairs() {
    return repairs;
  }

  /**
   * The status to write for this report on {@code node}, or empty when it says what the last one
   * written said (only its time would differ). It counts once {@link #written} says so.
   */
  Optional<NodeStatus> next(
      FixRecord fix,
      String node,
      NodeFixState state,
      Optional<String> rule,
      String manager,
      String detail,
      Instant now) {
    if (written != null
        && written.state() == state
        && written.digest().equals(fix.digest())
        && written.decidingRule().equals(rule)
        && written.detail().equals(detail)
        && written.repairs() == repairs) {
      return Optional.empty();
    }
    return Optional.of(
        new NodeStatus(fix.name(), node, state, fix.digest(), rule, manager, detail, repairs, now));
  }

  /** {@code status}, from {@link #next}, is in the store now. */
  void written(NodeStatus status) {
    written = status;
    if (status.state() != NodeFixState.FAILED) {
      settled = status;
    }
  }
}
