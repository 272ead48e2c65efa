package io.peerfix.cli;

import io.peerfix.approval.FixReverts;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeStatus;
import io.peerfix.probe.Durations;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix fix revert NAME --as ID --lab}: the agents remove exactly the fix's rules; waits
 * (unless {@code --no-wait}) until every node that carried them reports REVERTED.
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
  @Mixin FixWhere where;

  @Parameters(index = "0", paramLabel = "NAME", description = "the fix's name")
  String name;

  @Option(names = "--as", required = true, paramLabel = "ID", description = "Who reverts.")
  String as;

  @Option(names = "--no-wait", description = "Return once recorded.")
  boolean noWait;

  @Option(
      names = "--wait-timeout",
      paramLabel = "DURATION",
      defaultValue = "30s",
      description = "How long to wait for the nodes to confirm (default: ${DEFAULT-VALUE}).")
  String waitTimeout;

  @Option(names = "--json", description = "Print the fix as one JSON object at the end.")
  boolean json;

  @Override
  public Integer call() throws InterruptedException {
    var actor = FixCommand.actor(as);
    Duration limit = Durations.parse("--wait-timeout", waitTimeout);
    where.labState();
    Decision decision = where.guard().revert(name, actor);
    if (decision.result() == Decision.Result.REFUSED) {
      return FixCommand.refused(spec, decision);
    }
    FixRecord fix = decision.record();
    boolean confirmed = noWait || awaitReverted(fix, limit);
    List<NodeStatus> statuses = where.store().nodeStatuses(name);
    spec.commandLine()
        .getOut()
        .print(json ? FixOutput.jsonText(fix, statuses) + "\n" : FixOutput.text(fix, statuses));
    spec.commandLine().getOut().flush();
    return confirmed ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /** Every node that carried the fix confirms the revert (the same wait as the demo's). */
  private boolean awaitReverted(FixRecord fix, Duration limit) throws InterruptedException {
    return new FixReverts(where.store()).awaitReverted(fix, limit, statuses -> {});
  }
}
