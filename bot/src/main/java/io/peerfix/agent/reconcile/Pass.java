package io.peerfix.agent.reconcile;

import java.util.List;
import java.util.Optional;

/**
 * What one reconcile pass did: the changes it made (or, in dry-run, would make), whether it wrote,
 * and the error of a read or write that failed.
 */
public record Pass(List<RestorePlan.Change> changes, boolean wrote, Optional<String> error) {

  public Pass {
    changes = List.copyOf(changes);
  }

  public boolean inSync() {
    return changes.isEmpty() && error.isEmpty();
  }

  static Pass failed(List<RestorePlan.Change> changes, String error) {
    return new Pass(changes, false, Optional.of(error));
  }

  /**
   * This pass, failed with {@code error} after what it did (a judgement that could not be made).
   */
  Pass withError(String error) {
    return new Pass(changes, wrote, Optional.of(error));
  }

  /**
   * Whether this pass put back something fix {@code name} needs: its rule, the jump or the chain.
   */
  boolean restored(String name) {
    String own = Marker.PREFIX + name + ":";
    String jump = Marker.PREFIX + Marker.JUMP + ":";
    return changes.stream()
        .anyMatch(
            c ->
                c.kind() == RestorePlan.Change.Kind.CREATE_CHAIN
                    || (c.kind() == RestorePlan.Change.Kind.ADD_RULE
                        && (c.line().contains(own) || c.line().contains(jump))));
  }
}
