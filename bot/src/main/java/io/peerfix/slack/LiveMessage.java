package io.peerfix.slack;

import com.slack.api.methods.MethodsClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One channel message that changes as a diagnosis goes on: the first {@link #show} posts it, later
 * ones update it, coalesced so that Slack sees at most one update per interval (the newest content
 * wins; the ones in between are never sent). {@link #finish} delivers the final content after any
 * pending update and is never lost: when the message cannot be updated, the final content is posted
 * as a new message.
 */
final class LiveMessage {
  private static final Logger LOG = LoggerFactory.getLogger(LiveMessage.class);

  /** Runs a task after a delay; a scheduled executor in the bot, a manual one in tests. */
  @FunctionalInterface
  interface Timer {
    void schedule(Runnable task, Duration delay);
  }

  private final MethodsClient client;
  private final SlackCalls calls;
  private final Timer timer;
  private final Clock clock;
  private final Duration interval;
  private final String channel;

  private String ts;
  private Instant lastSent = Instant.MIN;
  private MessageContent pending;
  private boolean flushScheduled;
  private boolean finished;

  LiveMessage(
      MethodsClient client,
      SlackCalls calls,
      Timer timer,
      Clock clock,
      Duration interval,
      String channel) {
    this.client = client;
    this.calls = calls;
    this.timer = timer;
    this.clock = clock;
    this.interval = interval;
    this.channel = channel;
  }

  /** Takes over a message already posted (the one a button was pressed in). */
  synchronized LiveMessage adopting(String postedTs) {
    ts = postedTs;
    lastSent = clock.instant();
    return this;
  }

  /** Shows {@code content}: posts the message the first time, else updates it soon. */
  synchronized void show(MessageContent content) {
    if (finished) {
      return;
    }
    if (ts == null && lastSent.equals(Instant.MIN)) {
      post(content);
      return;
    }
    pending = content;
    if (!flushScheduled) {
      flushScheduled = true;
      timer.schedule(this::flush, untilNextSend());
    }
  }

  /**
   * Delivers the final content once the interval since the last send has passed; the future
   * completes with the message's timestamp when it is delivered (empty when Slack took nothing).
   */
  synchronized CompletableFuture<Optional<String>> finish(MessageContent content) {
    finished = true;
    pending = null;
    CompletableFuture<Optional<String>> done = new CompletableFuture<>();
    timer.schedule(() -> done.complete(deliverFinal(content)), untilNextSend());
    return done;
  }

  /** The message's timestamp once it is posted. */
  synchronized Optional<String> ts() {
    return Optional.ofNullable(ts);
  }

  private synchronized void flush() {
    flushScheduled = false;
    if (finished || pending == null) {
      return;
    }
    MessageContent content = pending;
    pending = null;
    if (ts == null) {
      post(content);
    } else {
      update(content);
    }
  }

  private synchronized Optional<String> deliverFinal(MessageContent content) {
    if (ts != null && update(content)) {
      return Optional.of(ts);
    }
    if (ts != null) {
      LOG.warn("the diagnosis message {} could not be updated; posting the result anew", ts);
    }
    return post(content) ? Optional.of(ts) : Optional.empty();
  }

  private boolean post(MessageContent content) {
    lastSent = clock.instant();
    Optional<String> posted =
        calls
            .call(
                "chat.postMessage",
                () ->
                    client.chatPostMessage(
                        r -> r.channel(channel).text(content.text()).blocks(content.blocks())))
            .map(r -> r.getTs());
    posted.ifPresent(t -> ts = t);
    return posted.isPresent();
  }

  private boolean update(MessageContent content) {
    lastSent = clock.instant();
    String at = ts;
    return calls
        .call(
            "chat.update",
            () ->
                client.chatUpdate(
                    r -> r.channel(channel).ts(at).text(content.text()).blocks(content.blocks())))
        .isPresent();
  }

  private Duration untilNextSend() {
    if (lastSent.equals(Instant.MIN)) {
      return Duration.ZERO;
    }
    Duration since = Duration.between(lastSent, clock.instant());
    Duration left = interval.minus(since);
    return left.isNegative() ? Duration.ZERO : left;
  }
}
