package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.peerfix.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Coalescing against the Web API on WireMock, with a timer the test runs by hand. */
class LiveMessageTest {
  private final SlackKit slack = new SlackKit();
  private final List<Runnable> scheduled = new ArrayList<>();
  private final List<Duration> delays = new ArrayList<>();
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final LiveMessage message =
      new LiveMessage(
          com.slack.api.Slack.getInstance(config()).methods(SlackKit.BOT_TOKEN),
          new SlackCalls(d -> {}),
          (task, delay) -> {
            scheduled.add(task);
            delays.add(delay);
          },
          clock,
          Duration.ofSeconds(1),
          "C1");

  private com.slack.api.SlackConfig config() {
    com.slack.api.SlackConfig config = new com.slack.api.SlackConfig();
    config.setMethodsEndpointUrlPrefix(slack.apiUrl());
    return config;
  }

  @AfterEach
  void stop() {
    slack.close();
  }

  private static MessageContent content(String text) {
    return SlackLimits.message(text, List.of(SlackLimits.markdown(text)), "");
  }

  private void runScheduled() {
    List<Runnable> now = new ArrayList<>(scheduled);
    scheduled.clear();
    now.forEach(Runnable::run);
  }

  @Test
  void manyUpdatesWithinOneIntervalBecomeOneUpdateWithTheNewest() {
    message.show(content("posted"));
    for (int i = 1; i <= 20; i++) {
      message.show(content("update " + i));
    }

    assertThat(scheduled).hasSize(1);
    assertThat(delays.get(0)).isEqualTo(Duration.ofSeconds(1));
    runScheduled();

    assertThat(slack.calls("chat.postMessage")).hasSize(1);
    List<LoggedRequest> updates = slack.calls("chat.update");
    assertThat(updates).hasSize(1);
    assertThat(SlackKit.param(updates.get(0), "text")).isEqualTo("update 20");
  }

  @Test
  void anUpdateAfterTheIntervalIsSentWithoutDelay() {
    message.show(content("posted"));
    clock.advance(Duration.ofSeconds(3));

    message.show(content("later"));

    assertThat(delays).containsExactly(Duration.ZERO);
  }

  @Test
  void theFinalContentReplacesAPendingUpdateAndIsDelivered() throws Exception {
    message.show(content("posted"));
    message.show(content("pending"));
    CompletableFuture<Optional<String>> done = message.finish(content("final"));
    message.show(content("too late"));

    runScheduled();

    assertThat(done.get()).contains("1733045000.000100");
    List<LoggedRequest> updates = slack.calls("chat.update");
    assertThat(updates).hasSize(1);
    assertThat(SlackKit.param(updates.get(0), "text")).isEqualTo("final");
  }

  @Test
  void whenTheFirstPostFailsTheFinalContentIsPostedAnyway() throws Exception {
    slack.failNext("chat.postMessage", 500, SlackCalls.MAX_ATTEMPTS);
    message.show(content("posted"));

    CompletableFuture<Optional<String>> done = message.finish(content("final"));
    runScheduled();

    assertThat(done.get()).contains("1733045000.000100");
    List<LoggedRequest> posts = slack.calls("chat.postMessage");
    assertThat(SlackKit.param(posts.get(posts.size() - 1), "text")).isEqualTo("final");
    assertThat(slack.calls("chat.update")).isEmpty();
  }
}
