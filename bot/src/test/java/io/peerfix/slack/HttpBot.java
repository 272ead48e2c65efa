package io.peerfix.slack;

import io.peerfix.approval.FixGuard;
import io.peerfix.fix.FixStore;
import io.peerfix.metrics.PeerfixMetrics;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A bot serving Slack's HTTP front door on a loopback port, as {@code serve} runs it, over the fake
 * Slack API of a {@link SlackKit}: every request is signed as Slack signs it and posted to Bolt's
 * events path, slash commands and button presses built from the fixtures. Closing it stops the bot
 * and its listeners, not the kit, which several replicas may share.
 */
final class HttpBot implements AutoCloseable {
  /** The live message's update interval the tests use unless they say otherwise. */
  static final Duration UPDATES = Duration.ofMillis(20);

  private static final Duration WATCH_EVERY = Duration.ofMillis(50);

  private final SlackKit slack;
  private final PeerfixListeners listeners;
  private final SlackBot bot;

  private HttpBot(SlackKit slack, PeerfixListeners listeners, SlackBot bot) {
    this.slack = slack;
    this.listeners = listeners;
    this.bot = bot;
  }

  /** Listeners over {@code diagnoses} and {@code fixes}, their live messages updated often. */
  static PeerfixListeners listeners(
      DiagnosisService diagnoses, Optional<FixDesk> fixes, SlackCalls calls, Duration updates) {
    return new PeerfixListeners(diagnoses, fixes, calls, Clock.systemUTC(), updates, WATCH_EVERY);
  }

  /** A fix desk over {@code guard} and {@code store} that proposes nothing: for presses only. */
  static Optional<FixDesk> pressesOnly(FixGuard guard, FixStore store) {
    return Optional.of(
        new FixDesk(guard, store, (run, who, nodes) -> Optional.empty(), FixDesk.Rollouts.NONE));
  }

  /** A bot over {@link #listeners} with the usual update interval. */
  static HttpBot start(
      SlackKit slack, DiagnosisService diagnoses, Optional<FixDesk> fixes, SlackCalls calls)
      throws Exception {
    return start(slack, listeners(diagnoses, fixes, calls, UPDATES), Optional.empty());
  }

  /** A bot over {@code listeners}, serving {@code /metrics} too when {@code metrics} is given. */
  static HttpBot start(SlackKit slack, PeerfixListeners listeners, Optional<PeerfixMetrics> metrics)
      throws Exception {
    SlackBot bot =
        SlackBot.start(
            slack.httpSettings(),
            new ServeOptions("127.0.0.1", OptionalInt.of(0), 0),
            listeners,
            metrics);
    return new HttpBot(slack, listeners, bot);
  }

  int port() {
    return bot.port();
  }

  /** {@code body} posted to the events path, signed with the kit's signing secret now. */
  HttpResponse<String> post(String body) {
    return slack.postSigned(port(), body);
  }

  /** {@code /peerfix TEXT} as Slack posts it. */
  HttpResponse<String> command(String text) {
    return post(SlackKit.slashCommand(text));
  }

  /** A press of the button {@code actionId} carrying {@code value}, by {@code user}. */
  HttpResponse<String> press(String actionId, String user, String value) {
    return post(SlackKit.interaction(SlackKit.press(actionId, user, value)));
  }

  /** A GET of {@code path} on the bot's port ({@code /metrics}, {@code /livez}). */
  HttpResponse<String> get(String path) {
    return slack.get(port(), path);
  }

  @Override
  public void close() throws Exception {
    bot.close();
    listeners.close();
  }
}
