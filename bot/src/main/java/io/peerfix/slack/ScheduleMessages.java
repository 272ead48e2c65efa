package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.model.block.LayoutBlock;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeSelector;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.ReportSink;
import io.peerfix.schedule.watch.DigestLine;
import io.peerfix.schedule.watch.LeftOut;
import io.peerfix.schedule.watch.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scheduled reports as Slack messages: a failure is the diagnosis message of {@code /peerfix
 * diagnose} (the root cause, its evidence, and the node fix's Approve button when the fix can be
 * proposed), posted by the schedule; a recovery says how long the target was down and the word
 * HEALTHY; a changed cause and flapping are replies in the incident's thread; a digest is one
 * message with a line per target. Nodes left out of a run are said in every report.
 */
public final class ScheduleMessages implements ReportSink {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleMessages.class);

  private final MethodsClient client;
  private final Optional<FixDesk> fixes;
  private final SlackCalls calls;

  ScheduleMessages(MethodsClient client, Optional<FixDesk> fixes, SlackCalls calls) {
    this.client = client;
    this.fixes = fixes;
    this.calls = calls;
  }

  /** Posts with the bot token through the Web API at {@code settings.apiUrl()}. */
  public static ScheduleMessages create(
      SlackSettings settings, Optional<FixDesk> fixes, PeerfixMetrics metrics) {
    MethodsClient client = BoltApps.create(settings).slack().methods(settings.botToken());
    return new ScheduleMessages(client, fixes, SlackCalls.counted(metrics));
  }

  @Override
  public Optional<String> post(String channel, Report report, Optional<DiagnosisRun> run) {
    MessageContent content;
    Optional<String> thread = Optional.empty();
    if (report instanceof Report.Failure f && run.isPresent()) {
      content = DiagnosisBlocks.result(run.get(), "schedule", propose(run.get()));
    } else if (report instanceof Report.Failure f) {
      content = text(":red_circle: *" + f.target() + "* is failing: `" + f.cause().name() + "`");
    } else if (report instanceof Report.Recovery r) {
      content =
          text(
              ":large_green_circle: *"
                  + r.target()
                  + "* is `HEALTHY` again: pods reach it (down for "
                  + words(r.downFor())
                  + ")");
    } else if (report instanceof Report.CauseChanged c) {
      thread = c.thread();
      content =
          text(
              ":arrows_counterclockwise: *"
                  + c.target()
                  + "* still fails, now because of `"
                  + c.to().name()
                  + "` (was `"
                  + c.from().name()
                  + "`): "
                  + c.to().text());
    } else {
      Report.Flapping f = (Report.Flapping) report;
      thread = f.thread();
      content =
          text(
              ":zap: *"
                  + f.target()
                  + "* is flapping: "
                  + f.changes()
                  + " changes within "
                  + words(f.window())
                  + "; it is said once per "
                  + words(f.window())
                  + " until it settles");
    }
    content = withLeftOut(content, report.check().leftOut());
    return send(channel, thread, content);
  }

  @Override
  public void digest(String channel, String schedule, List<DigestLine> lines) {
    StringBuilder out = new StringBuilder("*Digest of " + schedule + "*");
    for (DigestLine line : lines) {
      out.append("\n• *").append(line.target()).append("*: `").append(line.state()).append('`');
      if (line.flapping()) {
        out.append(" (flapping)");
      }
      line.since().ifPresent(s -> out.append(" since ").append(s));
      if (!line.nodesAffected().isEmpty()) {
        out.append("; nodes affected: ").append(String.join(", ", line.nodesAffected()));
      }
      if (!line.leftOut().isEmpty()) {
        out.append("; left out: ").append(leftOut(line.leftOut()));
      }
      if (line.latencyMillis().isPresent()) {
        out.append("; last latency ").append(line.latencyMillis().getAsLong()).append(" ms");
      }
    }
    send(channel, Optional.empty(), text(out.toString()));
  }

  private Optional<FixRecord> propose(DiagnosisRun run) {
    if (fixes.isEmpty()) {
      return Optional.empty();
    }
    try {
      Optional<FixRecord> proposal =
          fixes.get().proposer().propose(run, "schedule", NodeSelector.all());
      return proposal;
    } catch (RuntimeException e) {
      LOG.warn("the scheduled run's node fix could not be proposed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private Optional<String> send(String channel, Optional<String> thread, MessageContent content) {
    Optional<ChatPostMessageResponse> response =
        calls.call(
            "chat.postMessage",
            () ->
                client.chatPostMessage(
                    r -> {
                      r.channel(channel).text(content.text()).blocks(content.blocks());
                      thread.ifPresent(r::threadTs);
                      return r;
                    }));
    return response.map(ChatPostMessageResponse::getTs);
  }

  private static MessageContent withLeftOut(MessageContent content, List<LeftOut> leftOut) {
    if (leftOut.isEmpty()) {
      return content;
    }
    List<LayoutBlock> blocks = new ArrayList<>(content.blocks());
    blocks.add(SlackLimits.note("Left out of this run: " + leftOut(leftOut)));
    return new MessageContent(content.text(), blocks);
  }

  private static String leftOut(List<LeftOut> nodes) {
    return nodes.stream()
        .map(n -> n.node() + " (" + n.why().text() + ")")
        .collect(Collectors.joining(", "));
  }

  private static MessageContent text(String markdown) {
    return SlackLimits.message(markdown, List.of(SlackLimits.markdown(markdown)), "");
  }

  static String words(Duration d) {
    long s = d.toSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : " " + (s % 60) + "s");
    }
    return (s / 3600) + "h " + ((s % 3600) / 60) + "m";
  }
}
