package io.peerfix.slack;

import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.context.builtin.SlashCommandContext;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.methods.MethodsClient;
import io.peerfix.common.UserInputException;
import io.peerfix.config.SlackConfig;
import io.peerfix.slack.command.CommandParser;
import io.peerfix.slack.command.PeerfixCommand;
import io.peerfix.slack.command.Suggestions;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code /peerfix} listener: parses the text, answers at once what needs no work (help,
 * targets, mistakes, each as a short ephemeral reply in the ack itself) and acks the rest before
 * handing its work to an executor (the quick one for a diagnosis' first message and for a modal,
 * the slow one for fix commands).
 */
final class CommandListener {
  private static final Logger LOG = LoggerFactory.getLogger(CommandListener.class);

  private final DiagnosisService diagnoses;
  private final Optional<FixDesk> fixes;
  private final SlackConfig slack;
  private final GroupDirectory groups;
  private final DiagnosisJobs jobs;
  private final ExplainModal explain;
  private final SlackCalls calls;
  private final Executor quick;
  private final Executor slow;
  private final java.util.function.Supplier<String> schedules;

  CommandListener(
      DiagnosisService diagnoses,
      Optional<FixDesk> fixes,
      SlackConfig slack,
      GroupDirectory groups,
      DiagnosisJobs jobs,
      ExplainModal explain,
      SlackCalls calls,
      Executor quick,
      Executor slow,
      java.util.function.Supplier<String> schedules) {
    this.diagnoses = diagnoses;
    this.fixes = fixes;
    this.slack = slack;
    this.groups = groups;
    this.jobs = jobs;
    this.explain = explain;
    this.calls = calls;
    this.quick = quick;
    this.slow = slow;
    this.schedules = schedules;
  }

  Response handle(SlashCommandRequest req, SlashCommandContext ctx) {
    SlashCommandPayload payload = req.getPayload();
    if (!slack.answersIn(payload.getChannelId())) {
      return ephemeral(
          ctx,
          ":no_entry: peerfix answers in "
              + String.join(", ", slack.channels().stream().map(c -> "<#" + c + ">").toList())
              + " only; ask there.");
    }
    PeerfixCommand command;
    try {
      command = CommandParser.parse(payload.getText());
    } catch (UserInputException e) {
      return ephemeral(ctx, ":warning: " + e.getMessage());
    }
    if (command instanceof PeerfixCommand.Diagnose d) {
      return diagnose(d, payload, ctx);
    }
    if (command instanceof PeerfixCommand.Schedules) {
      return ephemeral(ctx, schedules.get());
    }
    if (command instanceof PeerfixCommand.Targets) {
      return ephemeral(ctx, targetsText());
    }
    if (command instanceof PeerfixCommand.Explain) {
      return explain(payload, ctx);
    }
    if (command instanceof PeerfixCommand.Fixes || command instanceof PeerfixCommand.Revert) {
      if (fixes.isEmpty()) {
        return ephemeral(ctx, NOT_YET);
      }
      FixCommands work = new FixCommands(fixes.get(), groups, calls);
      MethodsClient client = ctx.client();
      String channel = payload.getChannelId();
      String user = payload.getUserId();
      Runnable task =
          command instanceof PeerfixCommand.Revert r
              ? () -> work.revert(client, channel, user, r.fix())
              : () -> work.list(client, channel, user);
      try {
        slow.execute(task);
      } catch (RejectedExecutionException e) {
        return ephemeral(ctx, ":hourglass: peerfix is busy; try again in a minute.");
      }
      return ctx.ack();
    }
    return ephemeral(ctx, HelpText.text());
  }

  /** An answer in the ack only the asker sees (Slack's default, said explicitly). */
  private static Response ephemeral(SlashCommandContext ctx, String text) {
    return ctx.ack(r -> r.responseType("ephemeral").text(text));
  }

  private static final String NOT_YET =
      "This bot runs without a fix store, so it has no node fixes to list or revert.";

  private Response diagnose(
      PeerfixCommand.Diagnose command, SlashCommandPayload payload, SlashCommandContext ctx) {
    List<String> known = diagnoses.targets();
    if (!known.contains(command.target())) {
      return ephemeral(ctx, ":warning: " + unknownTarget(command.target(), known));
    }
    DiagnosisJobs.Request request =
        new DiagnosisJobs.Request(
            command, payload.getChannelId(), payload.getUserId(), ctx.client());
    try {
      // The first message is posted from the quick executor; the diagnosis then queues for a slot.
      quick.execute(() -> jobs.start(request));
    } catch (RejectedExecutionException e) {
      LOG.warn("diagnosis of {} refused: the bot is busy", command.target());
      return ephemeral(
          ctx, ":hourglass: peerfix is busy with other diagnoses; try again in a minute.");
    }
    return ephemeral(
        ctx,
        ":mag: Diagnosing *" + command.target() + "*: the result will be posted in this channel.");
  }

  private Response explain(SlashCommandPayload payload, SlashCommandContext ctx) {
    String trigger = payload.getTriggerId();
    try {
      // views.open must happen within three seconds of the trigger: first in the queue, no wait.
      quick.execute(() -> explain.open(ctx.client(), trigger));
    } catch (RejectedExecutionException e) {
      return ephemeral(ctx, ":hourglass: peerfix is busy; try again in a minute.");
    }
    return ctx.ack();
  }

  private String targetsText() {
    List<String> known = diagnoses.targets();
    if (known.isEmpty()) {
      return "No targets are configured.";
    }
    StringBuilder out = new StringBuilder("Targets (diagnose one with `/peerfix diagnose NAME`):");
    known.forEach(t -> out.append("\n• `").append(t).append('`'));
    return out.toString();
  }

  static String unknownTarget(String typed, List<String> known) {
    String closest = Suggestions.closest(typed, known);
    return "unknown target '"
        + typed
        + "'"
        + (closest == null ? "" : " (did you mean " + closest + "?)")
        + (known.isEmpty()
            ? "; no targets are configured"
            : "; known: " + String.join(", ", known));
  }
}
