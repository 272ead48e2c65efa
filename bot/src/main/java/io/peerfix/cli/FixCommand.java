package io.peerfix.cli;

import io.peerfix.approval.FixGuard;
import io.peerfix.common.UserInputException;
import io.peerfix.fix.Actor;
import io.peerfix.fix.Decision;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.fix.NodeStatus;
import io.peerfix.fix.Versioned;
import io.peerfix.fixstore.FixJson;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code peerfix fix}: propose a node fix from a diagnosis, approve it (bound to the digest that
 * was shown), follow it to verified, list, show and revert fixes, under the same approval rules as
 * the Slack bot (one guard for both).
 */
@Command(
    name = "fix",
    mixinStandardHelpOptions = true,
    description = "Propose, approve, follow, list and revert node fixes.",
    footer = {
      "",
      "Exit codes: 0 done (approve: verified), 1 failed (approve: not verified), 2 bad input,",
      "3 refused (the reason is on stderr; nothing changed)."
    },
    subcommands = {
      FixPlanCommand.class,
      FixApproveCommand.class,
      FixCommand.ListFixes.class,
      FixCommand.Show.class,
      FixRevertCommand.class
    })
final class FixCommand implements Runnable {
  /** A refusal: the reason is on stderr and nothing changed. */
  static final int REFUSED = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Prints a refusal on stderr and gives its exit code. */
  static int refused(CommandSpec spec, Decision decision) {
    spec.commandLine()
        .getErr()
        .println("peerfix: refused: " + decision.refusal().map(r -> r.message()).orElse("refused"));
    spec.commandLine().getErr().flush();
    return REFUSED;
  }

  static Actor actor(String id) {
    if (id == null || id.isBlank() || id.length() > 128 || !id.matches("[A-Za-z0-9_.@-]+")) {
      throw new UserInputException(
          "--as '"
              + id
              + "' is not a user id: give letters, digits or _ . @ - (a Slack id like U012AB3CD)");
    }
    return Actor.user(id);
  }

  /** {@code peerfix fix list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the fixes.")
  static final class ListFixes implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin FixWhere where;

    @Option(names = "--json", description = "One JSON array of fixes.")
    boolean json;

    @Override
    public Integer call() {
      try (FixWhere.Place place = where.open()) {
        return list(place.store(), where.guard(place));
      }
    }

    private int list(FixStore store, FixGuard guard) {
      List<FixRecord> fixes =
          store.list().stream()
              .map(Versioned::value)
              .map(f -> guard.show(f.name()).orElse(f))
              .toList();
      if (json) {
        spec.commandLine()
            .getOut()
            .println(
                FixJson.write(
                    fixes.stream()
                        .map(f -> FixOutput.json(f, store.nodeStatuses(f.name())))
                        .toList()));
      } else if (fixes.isEmpty()) {
        spec.commandLine().getOut().println("no fixes");
      } else {
        for (FixRecord f : fixes) {
          spec.commandLine()
              .getOut()
              .printf("%s  %-12s  %s  %s%n", f.name(), f.state(), f.fix().target(), f.digest());
        }
      }
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }

  /** {@code peerfix fix show NAME}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one fix.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin FixWhere where;

    @Parameters(index = "0", paramLabel = "NAME", description = "the fix's name")
    String name;

    @Option(names = "--json", description = "One JSON object.")
    boolean json;

    @Override
    public Integer call() {
      try (FixWhere.Place place = where.open()) {
        FixRecord fix =
            where
                .guard(place)
                .show(name)
                .orElseThrow(
                    () ->
                        new UserInputException(
                            "no fix named '" + name + "': see peerfix fix list " + place.flags()));
        print(fix, place.store().nodeStatuses(name));
        return ExitCodes.OK;
      }
    }

    private void print(FixRecord fix, List<NodeStatus> statuses) {
      spec.commandLine()
          .getOut()
          .print(json ? FixOutput.jsonText(fix, statuses) + "\n" : FixOutput.text(fix, statuses));
      spec.commandLine().getOut().flush();
    }
  }
}
