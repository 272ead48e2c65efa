package io.peerfix.cli;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeStatus;
import io.peerfix.probe.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code fix approve} and {@code fix revert} share: the fix's name, who acts ({@code --as}),
 * where ({@link FixWhere}), whether and how long to wait, and the run itself: decide through the
 * one guard, print a refusal (exit 3, nothing changed) or follow the fix and print it.
 */
final class FixAction {
  @Mixin FixWhere where;

  @Parameters(index = "0", paramLabel = "NAME", description = "the fix's name")
  String name;

  @Option(names = "--as", required = true, paramLabel = "ID", description = "Who acts (a user id).")
  String as;

  @Option(names = "--no-wait", description = "Return once recorded.")
  boolean noWait;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      defaultValue = "60s",
      description = "How long to wait for the nodes (default: ${DEFAULT-VALUE}).")
  String waitTimeout;

  @Option(names = "--json", description = "Print the fix as one JSON object at the end.")
  boolean json;

  /** The guard's decision for {@code actor}. */
  interface Step {
    Decision decide(FixGuard guard, Actor actor);
  }

  /** Following a recorded decision until it is done or {@code limit} passes. */
  interface Follow {
    Followed follow(FixWhere.Place place, FixRecord fix, Duration limit)
        throws InterruptedException;
  }

  /** Where the fix stands after following it; {@code note} is printed after the fix. */
  record Followed(FixRecord fix, boolean ok, Optional<String> note) {}

  int run(CommandSpec spec, Step step, Follow follow) throws InterruptedException {
    Duration limit = Durations.parse("--wait-timeout", waitTimeout);
    try (FixWhere.Place place = where.open()) {
      Actor actor = place.actor(as);
      Decision decision = step.decide(where.guard(place), actor);
      if (decision.result() == Decision.Result.REFUSED) {
        return FixCommand.refused(spec, decision);
      }
      Followed done =
          noWait
              ? new Followed(decision.record(), true, Optional.empty())
              : follow.follow(place, decision.record(), limit);
      List<NodeStatus> statuses = place.store().nodeStatuses(name);
      var out = spec.commandLine().getOut();
      out.print(
          json
              ? FixOutput.jsonText(done.fix(), statuses) + "\n"
              : FixOutput.text(done.fix(), statuses));
      done.note().ifPresent(out::println);
      out.flush();
      return done.ok() ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }
}
