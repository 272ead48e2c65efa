package io.peerfix.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The warm-up runs every path it names, answered, and calls nothing of Slack's but auth.test. */
class WarmupTest {
  /**
   * One bot for both paths, as {@code serve} primes it: the in-process commands through the
   * listeners and the ones over HTTP through the bot's own port.
   */
  @Test
  void theWarmUpAnswersEveryCommandInProcessAndOverHttpAndCallsNoSlackMethodButAuthTest()
      throws Exception {
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

      Warmup.Done done = Warmup.prime(app, slack.httpSettings(), OptionalInt.of(bot.port()));

      assertThat(done)
          .isEqualTo(new Warmup.Done(Warmup.IN_PROCESS, Warmup.OVER_HTTP, WarmupWebApi.CALLS));
      assertThat(
              slack.api.getAllServeEvents().stream().map(e -> e.getRequest().getUrl()).distinct())
          .containsExactly("/api/auth.test");
      assertThat(slack.get(bot.port(), "/readyz").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void loopbackReachesOnlyLoopbackAndWildcardBindAddresses() {
    assertThat(SlackBot.loopbackReaches("127.0.0.1")).isTrue();
    assertThat(SlackBot.loopbackReaches("0.0.0.0")).isTrue();
    assertThat(SlackBot.loopbackReaches("10.0.5.20")).isFalse();
  }
}
