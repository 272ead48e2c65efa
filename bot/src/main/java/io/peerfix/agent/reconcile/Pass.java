package io.peerfix.agent.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * What one reconcile pass did: the changes it made (or, in dry-run, would make), whether it wrote,
 * the nat table as it was read last (after the write when there was one), and the error of a save
 * or restore that failed.
 */
public record Pass(
    List<RestorePlan.Change> changes, boolean wrote, String natTable, Optional<String> error) {

  public Pass {
    changes = List.copyOf(changes);
  }

  public boolean inSync() {
    return changes.isEmpty() && error.isEmpty();
  }

  static Pass failed(List<RestorePlan.Change> changes, String table, String error) {
    return new Pass(changes, false, table, Optional.of(error));
  }
}
