package io.peerfix.cli;

import io.peerfix.approval.Proposals;
import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeSelector;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.probe.Durations;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix fix plan TARGET --as ID (--lab | --config FILE)}: diagnoses TARGET and stores the
 * node fix as a proposal (state PROPOSED) that an approver can approve by name and digest, from
 * here or Slack.
 */
@Command(
    name = "plan",
    mixinStandardHelpOptions = true,
    description = "Diagnose TARGET and propose its node fix for approval.",
    footer = {
      "",
      "Exit codes: 0 proposed, 1 failed, 2 bad input, 3 refused (no node fix for this cause, or a",
      "rule of a shape peerfix never proposes)."
    })
final class FixPlanCommand implements Callable<Integer> {
  private static final int PARALLELISM = 64;

  @Spec CommandSpec spec;
  @Mixin FixWhere where;

  @Parameters(index = "0", paramLabel = "TARGET", description = "the target's name")
  String target;

  @Option(names = "--as", required = true, paramLabel = "ID", description = "Who asks (a user id).")
  String as;

  @Option(
      names = "--nodes",
      defaultValue = "all",
      paramLabel = "SELECTOR",
      description =
          "Which nodes: all (also nodes that join later), named (the diagnosed ones), or"
              + " key=value[,key=value] labels (default: ${DEFAULT-VALUE}).")
  String nodes;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "2s",
      description = "Probe timeout (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = "--json", description = "One JSON object.")
  boolean json;

  @Override
  public Integer call() {
    NodeSelector selector;
    try {
      selector = NodeSelector.parse(nodes);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    var probeTimeout = Durations.parse("--timeout", timeout);
    try (FixWhere.Place place = where.open();
        DiagnosisEnvironment environment = place.environment(target, "fix plan")) {
      var requester = place.actor(as);
      KnownTarget known = environment.target(target);
      DiagnosisRun run =
          new io.peerfix.orchestration.DiagnosisRunner(
                  environment.ports(), Diagnoser.standard(), PARALLELISM, where.clock)
              .run(
                  new DiagnosisRequest(
                      known.target(), probeTimeout, known.awsQuery(), known.clusterPodCidr()));
      Optional<Proposals.Proposal> proposal = Proposals.of(run);
      if (proposal.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                "peerfix: refused: the diagnosis found "
                    + run.diagnosis().rootCause().name()
                    + ", which no node fix repairs; see peerfix diagnose "
                    + target
                    + " for the fix");
        spec.commandLine().getErr().flush();
        return FixCommand.REFUSED;
      }
      Decision decision =
          where
              .guard(place)
              .propose(proposal.get().fix(), selector, proposal.get().allowed(), requester);
      if (decision.result() == Decision.Result.REFUSED) {
        return FixCommand.refused(spec, decision);
      }
      FixRecord fix = decision.record();
      var statuses = place.store().nodeStatuses(fix.name());
      if (json) {
        spec.commandLine().getOut().println(FixOutput.jsonText(fix, statuses));
      } else {
        spec.commandLine().getOut().print(FixOutput.text(fix, statuses));
        spec.commandLine()
            .getOut()
            .printf(
                "approve with: peerfix fix approve %s --digest %s --as ID %s%n",
                fix.name(), fix.digest(), place.flags());
      }
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
