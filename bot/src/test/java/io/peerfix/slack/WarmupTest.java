package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The warm-up runs every path it names, answered, and calls nothing of Slack's but auth.test. */
class WarmupTest {
  @Test
  void theWarmUpOfAnHttpBotAnswersEveryCommandAndCallsNoSlackMethodButAuthTest() throws Exception {
    try (SlackKit slack = new SlackKit();
        PeerfixListeners listeners =
            new PeerfixListeners(
                new FakeDiagnoses(),
                java.util.Optional.empty(),
                new SlackCalls(d -> {}),
                Clock.systemUTC(),
                Duration.ZERO,
                Duration.ZERO);
        SlackBot bot =
            SlackBot.start(
                slack.httpSettings(),
                new ServeOptions("127.0.0.1", OptionalInt.of(0), 0),
                listeners)) {
      com.slack.api.bolt.App app = BoltApps.create(slack.httpSettings());
      listeners.accept(app);

      Warmup.Done done = Warmup.prime(app, slack.httpSettings(), OptionalInt.empty());

      assertThat(done).isEqualTo(new Warmup.Done(Warmup.IN_PROCESS, 0, WarmupWebApi.CALLS));
      assertThat(
              slack.api.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).distinct())
          .containsExactly("/api/auth.test");
      assertThat(slack.get(bot.port(), "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theWarmUpOverHttpAnswersEveryCommandThroughTheBotsOwnPort() throws Exception {
    try (SlackKit slack = new SlackKit();
        PeerfixListeners listeners =
            new PeerfixListeners(
                new FakeDiagnoses(),
                java.util.Optional.empty(),
                new SlackCalls(d -> {}),
                Clock.systemUTC(),
                Duration.ZERO,
                Duration.ZERO);
        SlackBot bot =
            SlackBot.start(
                slack.httpSettings(),
                new ServeOptions("127.0.0.1", OptionalInt.of(0), 0),
                listeners)) {
      Warmup.Done done =
          Warmup.prime(
              BoltApps.create(slack.httpSettings()),
              slack.httpSettings(),
              OptionalInt.of(bot.port()));

      assertThat(done.overHttp()).isEqualTo(Warmup.OVER_HTTP);
    }
  }

  @Test
  void loopbackReachesOnlyLoopbackAndWildcardBindAddresses() {
    assertThat(SlackBot.loopbackReaches("127.0.0.1")).isTrue();
    assertThat(SlackBot.loopbackReaches("0.0.0.0")).isTrue();
    assertThat(SlackBot.loopbackReaches("10.0.5.20")).isFalse();
  }
}
