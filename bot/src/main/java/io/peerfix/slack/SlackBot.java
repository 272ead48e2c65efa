package io.peerfix.slack;

import com.slack.api.bolt.App;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bot: the Bolt app with its listeners, on Socket Mode or HTTP, and the health
 * endpoints. {@link #start} returns once the bot takes requests, or fails naming what is wrong (a
 * token Slack refuses, a port in use, Slack unreachable).
 */
public final class SlackBot implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlackBot.class);
  private static final Duration HELLO_WAIT = Duration.ofSeconds(10);

  private final App app;
  private final WebServer web;
  private final SocketModeConnection socket;

  private SlackBot(App app, WebServer web, SocketModeConnection socket) {
    this.app = app;
    this.web = web;
    this.socket = socket;
  }

  /**
   * Starts the bot.
   *
   * @param listeners registers every listener on the app (one place for all of them)
   * @throws io.peerfix.common.UserInputException when Slack refuses a token (naming its key)
   */
  public static SlackBot start(
      SlackSettings settings, ServeOptions options, Consumer<App> listeners) throws Exception {
    return start(settings, options, listeners, Optional.empty());
  }

  /** As above, serving {@code /metrics} beside {@code /livez} and {@code /readyz}. */
  public static SlackBot start(
      SlackSettings settings,
      ServeOptions options,
      Consumer<App> listeners,
      Optional<io.peerfix.metrics.PeerfixMetrics> metrics)
      throws Exception {
    App app = BoltApps.create(settings);
    listeners.accept(app);
    SlackStartup.checkBotToken(app.slack().methods(), settings);
    if (options.socketMode()) {
      SlackStartup.checkAppToken(app.slack().methods(), settings);
      Holder holder = new Holder();
      WebServer health =
          WebServer.start(
              options.bindHost(), options.healthPort(), Optional.empty(), holder, metrics);
      try {
        holder.socket =
            SocketModeConnection.open(app, settings.appToken().orElseThrow(), HELLO_WAIT);
      } catch (Exception e) {
        health.close();
        throw e;
      }
      Warmup.prime(app, settings, java.util.OptionalInt.empty());
      LOG.info("peerfix serve: Socket Mode, health on port {}", health.port());
      return new SlackBot(app, health, holder.socket);
    }
    app.start();
    // Not ready until warm: a replica that took traffic cold would answer its first burst slowly.
    AtomicBoolean warm = new AtomicBoolean();
    WebServer web =
        WebServer.start(
            options.bindHost(),
            options.httpPort().getAsInt(),
            Optional.of(app),
            () -> warm.get() ? Optional.empty() : Optional.of("warming up"),
            metrics);
    Warmup.prime(
        app,
        settings,
        loopbackReaches(options.bindHost())
            ? java.util.OptionalInt.of(web.port())
            : java.util.OptionalInt.empty());
    warm.set(true);
    LOG.info("peerfix serve: HTTP on port {} ({})", web.port(), WebServer.EVENTS_PATH);
    return new SlackBot(app, web, null);
  }

  /**
   * Whether 127.0.0.1 reaches a server bound to {@code host} (a loopback or wildcard address); the
   * warm-up over HTTP sends nothing anywhere else.
   */
  static boolean loopbackReaches(String host) {
    try {
      java.net.InetAddress address = java.net.InetAddress.getByName(host);
      return address.isLoopbackAddress() || address.isAnyLocalAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** The port the web server listens on: Slack's requests over HTTP, or only the health checks. */
  public int port() {
    return web.port();
  }

  /** Whether the bot takes Slack's requests now. */
  public boolean ready() {
    return socket == null || socket.isUp();
  }

  @Override
  public void close() throws Exception {
    try {
      if (socket != null) {
        socket.close();
      } else {
        app.stop();
      }
    } finally {
      web.close();
    }
  }

  /** Readiness of a Socket Mode bot, which is known only once its connection is open. */
  private static final class Holder implements java.util.function.Supplier<Optional<String>> {
    volatile SocketModeConnection socket;

    @Override
    public Optional<String> get() {
      SocketModeConnection s = socket;
      if (s == null) {
        return Optional.of("connecting to Slack over Socket Mode");
      }
      return s.isUp() ? Optional.empty() : Optional.of("the Socket Mode connection is down");
    }
  }
}
