package io.peerfix.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import io.peerfix.metrics.PeerfixMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Web API call with Slack's rate limits honoured: a 429 waits the {@code Retry-After} it names,
 * a 5xx or a broken connection is retried with a growing pause, up to a bounded number of attempts;
 * an answer with {@code ok: false} is final. The result says which happened, so callers never see
 * an exception from a call.
 */
final class SlackCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SlackCalls.class);

  /** Waits between attempts; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;
  }

  /** A call that may fail as the SDK's calls do. */
  @FunctionalInterface
  interface Call<T extends SlackApiTextResponse> {
    T call() throws IOException, SlackApiException;
  }

  static final int MAX_ATTEMPTS = 5;
  private static final Duration FIRST_PAUSE = Duration.ofMillis(500);
  private static final Duration LONGEST_WAIT = Duration.ofSeconds(60);

  private final Sleeper sleeper;
  private final Consumer<String> failed;

  SlackCalls(Sleeper sleeper) {
    this(sleeper, method -> {});
  }

  /** Calls that also tell {@code failed} the method of each call that never succeeded. */
  SlackCalls(Sleeper sleeper, Consumer<String> failed) {
    this.sleeper = sleeper;
    this.failed = failed;
  }

  static SlackCalls standard() {
    return new SlackCalls(d -> Thread.sleep(d.toMillis()));
  }

  /** The standard calls, each failed one counted in {@code peerfix_api_errors_total}. */
  static SlackCalls counted(PeerfixMetrics metrics) {
    return counted(metrics, d -> Thread.sleep(d.toMillis()));
  }

  static SlackCalls counted(PeerfixMetrics metrics, Sleeper sleeper) {
    return new SlackCalls(sleeper, method -> metrics.apiError(PeerfixMetrics.Api.SLACK, method));
  }

  /** The response when Slack answered {@code ok: true}; empty (logged once) when it never did. */
  <T extends SlackApiTextResponse> Optional<T> call(String method, Call<T> call) {
    Duration pause = FIRST_PAUSE;
    String last = "no attempt";
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Duration wait = pause;
      try {
        T response = call.call();
        if (response.isOk()) {
          return Optional.of(response);
        }
        LOG.warn("{} failed: {}", method, response.getError());
        failed.accept(method);
        return Optional.empty();
      } catch (SlackApiException e) {
        int status = e.getResponse().code();
        last = "HTTP " + status;
        if (status == 429) {
          wait = retryAfter(e.getResponse().header("Retry-After"));
        } else if (status < 500) {
          LOG.warn("{} failed: HTTP {}", method, status);
          failed.accept(method);
          return Optional.empty();
        }
      } catch (IOException e) {
        last = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (attempt < MAX_ATTEMPTS && !sleep(wait)) {
        break;
      }
      pause = pause.multipliedBy(2);
    }
    LOG.warn("{} failed after {} attempts: {}", method, MAX_ATTEMPTS, last);
    failed.accept(method);
    return Optional.empty();
  }

  private boolean sleep(Duration wait) {
    try {
      sleeper.sleep(wait);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Slack's Retry-After is whole seconds; a missing or odd value waits a second. */
  static Duration retryAfter(String header) {
    try {
      long seconds = Long.parseLong(header == null ? "" : header.strip());
      Duration wait = Duration.ofSeconds(Math.max(1, seconds));
      return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(1);
    }
  }
}
