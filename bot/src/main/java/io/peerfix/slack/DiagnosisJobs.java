package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import io.peerfix.common.UserInputException;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.NodeSelector;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.slack.command.PeerfixCommand;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one diagnosis asked for in Slack: posts the live message first (so the asker sees it at
 * once, however long the queue of diagnoses is), then queues the diagnosis, whose progress updates
 * the message as the runner's events arrive; the result replaces it, with the details in its thread
 * (or a file when they are too long for one).
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
  private final Executor work;
  private final Details details;

  DiagnosisJobs(
      DiagnosisService service,
      Optional<FixDesk> fixes,
      SlackCalls calls,
      LiveMessage.Timer timer,
      Clock clock,
      Duration updateInterval,
      Executor work) {
    this.service = service;
    this.fixes = fixes;
    this.calls = calls;
    this.timer = timer;
    this.clock = clock;
    this.updateInterval = updateInterval;
    this.work = work;
    this.details = new Details(calls);
  }

  /**
   * Posts the first message, then queues the diagnosis on the work executor; when the queue is full
   * the message says so and nothing runs.
   */
  void start(Request request) {
    String target = request.command().target();
    withMdc(
        request,
        () -> {
          LiveMessage live =
              new LiveMessage(
                  request.client(), calls, timer, clock, updateInterval, request.channel());
          DiagnosisProgress started = DiagnosisProgress.started(target, request.userId());
          live.show(DiagnosisBlocks.progress(started));
          try {
            work.execute(() -> withMdc(request, () -> run(request, live, started)));
          } catch (RejectedExecutionException e) {
            LOG.warn("diagnosis of {} refused: the bot is busy", target);
            live.finish(
                failure(target, "peerfix is busy with other diagnoses; try again in a minute"));
          }
        });
  }

  private void run(Request request, LiveMessage live, DiagnosisProgress started) {
    String target = request.command().target();
    MessageContent result;
    DiagnosisBlocks.ThreadContent thread =
        new DiagnosisBlocks.ThreadContent(List.of(), Optional.empty(), List.of());
    try {
      ProgressListener progress = new ProgressListener(started, live::show);
      DiagnosisRun run = service.diagnose(target, request.command().nodes(), progress);
      NodeSelector nodes =
          request.command().nodes().isPresent() ? NodeSelector.named() : NodeSelector.all();
      Optional<FixRecord> proposal = propose(run, request.userId(), nodes);
      result = DiagnosisBlocks.result(run, request.userId(), proposal);
      thread = DiagnosisBlocks.thread(run);
      LOG.info("diagnosed {}: {}", target, run.diagnosis().rootCause());
    } catch (UserInputException e) {
      result = failure(target, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("diagnosis of {} failed: {}", target, e.toString());
      result = failure(target, "the diagnosis could not run: " + e.getMessage());
    }
    DiagnosisBlocks.ThreadContent replies = thread;
    await(live.finish(result))
        .ifPresent(ts -> details.reply(request.client(), request.channel(), ts, replies));
  }

  /** The diagnosis' node fix stored as a proposal; a refused or failed proposal is said once. */
  private Optional<FixRecord> propose(DiagnosisRun run, String requester, NodeSelector nodes) {
    if (fixes.isEmpty()) {
      return Optional.empty();
    }
    try {
      return fixes.get().proposer().propose(run, requester, nodes);
    } catch (RuntimeException e) {
      LOG.warn("the node fix could not be proposed: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private static void withMdc(Request request, Runnable body) {
    MDC.put("channel", request.channel());
    MDC.put("target", request.command().target());
    try {
      body.run();
    } finally {
      MDC.remove("channel");
      MDC.remove("target");
    }
  }

  static MessageContent failure(String target, String why) {
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
