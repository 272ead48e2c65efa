package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import io.peerfix.common.UserInputException;
import io.peerfix.fix.FixRecord;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.slack.command.PeerfixCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one diagnosis asked for in Slack: posts the live message, runs the diagnosis, shows the
 * result in the message and the details in its thread. Runs on the bot's executor, never on a
 * listener's thread.
 */
final class DiagnosisJobs {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosisJobs.class);

  /** Longest wait for the final message: every retry of {@link SlackCalls} at its longest. */
  private static final Duration FINAL_WAIT = Duration.ofMinutes(6);

  /** One request: what to diagnose, where to answer, who asked, the Web API client to use. */
  record Request(
      PeerfixCommand.Diagnose command, String channel, String userId, MethodsClient client) {}

  private final DiagnosisService service;
  private final Optional<FixDesk> fixes;
  private final SlackCalls calls;
  private final LiveMessage.Timer timer;
  private final Clock clock;
  private final Duration updateInterval;

  DiagnosisJobs(
      DiagnosisService service,
      Optional<FixDesk> fixes,
      SlackCalls calls,
      LiveMessage.Timer timer,
      Clock clock,
      Duration updateInterval) {
    this.service = service;
    this.fixes = fixes;
    this.calls = calls;
    this.timer = timer;
    this.clock = clock;
    this.updateInterval = updateInterval;
  }

  void run(Request request) {
    String target = request.command().target();
    MDC.put("channel", request.channel());
    MDC.put("target", target);
    try {
      LiveMessage live =
          new LiveMessage(request.client(), calls, timer, clock, updateInterval, request.channel());
      live.show(DiagnosisBlocks.progress(DiagnosisProgress.started(target, request.userId())));
      MessageContent result;
      List<MessageContent> details = List.of();
      try {
        DiagnosisRun run = service.diagnose(target, request.command().nodes());
        Optional<FixRecord> proposal = propose(run, request.userId());
        result = DiagnosisBlocks.result(run, request.userId(), proposal);
        details = DiagnosisBlocks.details(run);
        LOG.info("diagnosed {}: {}", target, run.diagnosis().rootCause());
      } catch (UserInputException e) {
        result = failure(target, e.getMessage());
      } catch (RuntimeException e) {
        LOG.warn("diagnosis of {} failed: {}", target, e.toString());
        result = failure(target, "the diagnosis could not run: " + e.getMessage());
      }
      List<MessageContent> thread = details;
      await(live.finish(result)).ifPresent(t -> thread.forEach(d -> reply(request, t, d)));
    } finally {
      MDC.remove("channel");
      MDC.remove("target");
    }
  }

  /** The diagnosis' node fix stored as a proposal; a refused or failed proposal is said once. */
  private Optional<FixRecord> propose(DiagnosisRun run, String requester) {
    if (fixes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return fixes.get().proposer().propose(run, requester);
    } catch (RuntimeException e) {
      LOG.warn("the node fix could not be proposed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private void reply(Request request, String threadTs, MessageContent content) {
    calls.call(
        "chat.postMessage",
        () ->
            request
                .client()
                .chatPostMessage(
                    r ->
                        r.channel(request.channel())
                            .threadTs(threadTs)
                            .text(content.text())
                            .blocks(content.blocks())));
  }

  private static MessageContent failure(String target, String why) {
    return SlackLimits.message(
        "Diagnosing " + target + " failed",
        List.of(SlackLimits.markdown(":warning: *Diagnosing " + target + " failed*: " + why)),
        "");
  }

  private static Optional<String> await(
      java.util.concurrent.CompletableFuture<Optional<String>> done) {
    try {
      return done.get(FINAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("the diagnosis result was not delivered: {}", e.toString());
    }
    return Optional.empty();
  }
}
