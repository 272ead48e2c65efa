package io.peerfix.approval;

import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Following a recorded revert until the nodes confirm it: every node that reported on the fix
 * reports {@code REVERTED} (nodes still {@code PENDING} never carried the rules). One place for
 * {@code peerfix fix revert} and the demo, so both wait for the same thing.
 */
public final class FixReverts {
  private static final Duration POLL = Duration.ofMillis(250);

  private final FixStore store;

  public FixReverts(FixStore store) {
    this.store = store;
  }

  /**
   * Waits up to {@code limit} for every node of {@code fix} to confirm the revert, telling {@code
   * progress} the nodes' statuses whenever they change.
   *
   * @return true when they all confirmed in time
   */
  public boolean awaitReverted(FixRecord fix, Duration limit, Consumer<List<NodeStatus>> progress)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    List<NodeStatus> last = null;
    while (true) {
      List<NodeStatus> statuses = store.nodeStatuses(fix.name());
      if (!statuses.equals(last)) {
        progress.accept(statuses);
        last = statuses;
      }
      if (reverted(fix, statuses)) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      Thread.sleep(POLL.toMillis());
    }
  }

  /** True when every node that carried the fix reports REVERTED. */
  static boolean reverted(FixRecord fix, List<NodeStatus> statuses) {
    boolean all =
        FixRollout.nodeStates(fix, statuses).values().stream()
            .allMatch(s -> s == NodeFixState.REVERTED || s == NodeFixState.PENDING);
    boolean any = statuses.stream().anyMatch(s -> s.state() == NodeFixState.REVERTED);
    return all && (any || statuses.isEmpty());
  }
}
