package io.peerfix.cli;

import io.peerfix.approval.FixRollout;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeFixState;
import io.peerfix.fix.NodeStatus;
import java.time.Duration;
import java.util.List;
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
  private static final Duration POLL = Duration.ofMillis(250);

  @Spec CommandSpec spec;
  @Mixin FixAction action;

  @Override
  public Integer call() throws InterruptedException {
    return action.run(spec, (guard, actor) -> guard.revert(action.name, actor), this::await);
  }

  /** Every node that reported on the fix reports REVERTED. */
  private FixAction.Followed await(FixWhere.Place place, FixRecord fix, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      List<NodeStatus> statuses = place.store().nodeStatuses(fix.name());
      boolean all =
          FixRollout.nodeStates(fix, statuses).values().stream()
              .allMatch(s -> s == NodeFixState.REVERTED || s == NodeFixState.PENDING);
      boolean any = statuses.stream().anyMatch(s -> s.state() == NodeFixState.REVERTED);
      if (all && (any || statuses.isEmpty())) {
        return new FixAction.Followed(fix, true, Optional.empty());
      }
      Thread.sleep(POLL.toMillis());
    }
    return new FixAction.Followed(
        fix,
        false,
        Optional.of("not every node confirmed the revert in " + limit.toSeconds() + "s"));
  }
}
