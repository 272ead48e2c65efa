package io.peerfix.slack;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.orchestration.DiagnosisRun;
import java.util.Objects;
import java.util.Optional;

/**
 * What the bot needs to offer node fixes: the one guard every approval, revert and proposal goes
 * through, the store it guards (for listing fixes and reading the agents' per-node progress), and
 * the step that turns a diagnosis into a stored proposal.
 */
public record FixDesk(FixGuard guard, FixStore store, Proposer proposer) {
  public FixDesk {
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(proposer, "proposer");
  }

  /**
   * Stores the node fix a diagnosis proposes, if it proposes one, as asked by {@code requester}.
   */
  @FunctionalInterface
  public interface Proposer {
    Optional<FixRecord> propose(DiagnosisRun run, String requester);
  }
}
