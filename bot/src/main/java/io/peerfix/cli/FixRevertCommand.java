package io.peerfix.cli;

import io.peerfix.approval.FixReverts;
import io.peerfix.fix.FixRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix fix revert NAME --as ID (--lab | --config FILE)}: the agents remove exactly the
 * fix's rules; waits (unless {@code --no-wait}) until every node that carried them reports
 * REVERTED.
 */
@Command(
    name = "revert",
    mixinStandardHelpOptions = true,
    description = "Revert fix NAME: the agents remove exactly its rules.",
    footer = {
      "",
      "Exit codes: 0 reverted, 1 a node did not confirm in time, 2 bad input, 3 refused."
    })
final class FixRevertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin FixAction action;

  @Override
  public Integer call() throws InterruptedException {
    return action.run(spec, (guard, actor) -> guard.revert(action.name, actor), this::await);
  }

  /** Every node that carried the fix confirms the revert (the same wait as the demo's). */
  private FixAction.Followed await(FixWhere.Place place, FixRecord fix, Duration limit)
      throws InterruptedException {
    if (new FixReverts(place.store()).awaitReverted(fix, limit, statuses -> {})) {
      return new FixAction.Followed(fix, true, Optional.empty());
    }
    return new FixAction.Followed(
        fix,
        false,
        Optional.of("not every node confirmed the revert in " + limit.toSeconds() + "s"));
  }
}
