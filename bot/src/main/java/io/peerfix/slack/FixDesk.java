package io.peerfix.slack;

import io.peerfix.approval.FixGuard;
import io.peerfix.approval.Proposals;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeSelector;
import io.peerfix.orchestration.DiagnosisRun;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the bot needs to offer node fixes: the one guard every approval, revert and proposal goes
 * through, the store it guards (for listing fixes and reading the agents' per-node progress), the
 * step that turns a diagnosis into a stored proposal, and the step that drives an approved fix's
 * rollout (canary, then every node, then verification) from what the store says.
 */
public record FixDesk(FixGuard guard, FixStore store, Proposer proposer, Rollouts rollouts) {
  private static final Logger LOG = LoggerFactory.getLogger(FixDesk.class);

  public FixDesk {
    Objects.requireNonNull(guard, "guard");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(proposer, "proposer");
    Objects.requireNonNull(rollouts, "rollouts");
  }

  /** A desk whose proposals go through {@code guard} ({@link #proposing}) over its store. */
  public static FixDesk over(FixGuard guard, FixStore store, Rollouts rollouts) {
    return new FixDesk(guard, store, proposing(guard), rollouts);
  }

  /**
   * Stores the node fix a diagnosis proposes, if it proposes one, as asked by {@code requester},
   * for the nodes {@code nodes} selects.
   */
  @FunctionalInterface
  public interface Proposer {
    Optional<FixRecord> propose(DiagnosisRun run, String requester, NodeSelector nodes);
  }

  /**
   * One step of an approved fix's rollout (see {@link io.peerfix.approval.FixRollout}); the record
   * after the step, empty when this bot does not drive rollouts (another process does).
   */
  @FunctionalInterface
  public interface Rollouts {
    /** A bot that only follows what the store says. */
    Rollouts NONE = name -> Optional.empty();

    Optional<FixRecord> advance(String name);
  }

  /**
   * The proposer over {@code guard}: the diagnosis' node fix with the destinations its observations
   * allow ({@link Proposals}); a refusal is logged once and offers no button.
   */
  public static Proposer proposing(FixGuard guard) {
    return (run, requester, nodes) -> {
      Optional<Proposals.Proposal> proposal = Proposals.of(run);
      if (proposal.isEmpty()) {
        return Optional.empty();
      }
      Decision decision =
          guard.propose(
              proposal.get().fix(), nodes, proposal.get().allowed(), Actor.user(requester));
      if (decision.result() == Decision.Result.REFUSED) {
        LOG.warn(
            "the node fix was not proposed: {}",
            decision.refusal().map(r -> r.message()).orElse("refused"));
        return Optional.empty();
      }
      return Optional.of(decision.record());
    };
  }
}
