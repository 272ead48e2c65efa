package io.peerfix.slack.command;

import java.util.Objects;
import java.util.Optional;

/** One {@code /peerfix} subcommand as the user asked for it, validated by {@link CommandParser}. */
public sealed interface PeerfixCommand {
  /** {@code diagnose TARGET [--nodes SELECTOR]}. */
  record Diagnose(String target, Optional<LabelSelector> nodes) implements PeerfixCommand {
    public Diagnose {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(nodes, "nodes");
    }
  }

  /** {@code targets}: the targets this bot knows. */
  record Targets() implements PeerfixCommand {}

  /** {@code fixes}: the node fixes proposed, applied or reverted. */
  record Fixes() implements PeerfixCommand {}

  /** {@code revert FIX}. */
  record Revert(String fix) implements PeerfixCommand {
    public Revert {
      Objects.requireNonNull(fix, "fix");
    }
  }

  /** {@code explain}: opens the modal for a pasted nat table. */
  record Explain() implements PeerfixCommand {}

  /** {@code schedules}: the scheduled watches, their next run and last result. */
  record Schedules() implements PeerfixCommand {}

  /** {@code help}, or nothing at all. */
  record Help() implements PeerfixCommand {}
}
