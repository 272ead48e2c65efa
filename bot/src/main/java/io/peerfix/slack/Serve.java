package io.peerfix.slack;

import io.peerfix.orchestration.LabEnvironments;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * {@code peerfix serve}'s work, kept apart from the command line so that no Slack, Bolt or Jetty
 * class is loaded by the other subcommands: reads the settings, starts the bot and serves until the
 * process is told to stop.
 */
public final class Serve {
  private Serve() {}

  /** What {@code peerfix serve} was asked for, in plain values. */
  public record Request(
      String bindHost,
      OptionalInt httpPort,
      int healthPort,
      String labName,
      Duration probeTimeout) {}

  /**
   * Serves until the JVM shuts down (SIGTERM, Ctrl-C).
   *
   * @throws io.peerfix.common.UserInputException for a missing or malformed setting (exit 2)
   */
  public static int run(Request request, Map<String, String> env, PrintWriter err)
      throws Exception {
    ServeOptions options =
        new ServeOptions(request.bindHost(), request.httpPort(), request.healthPort());
    SlackSettings settings = SlackSettings.fromEnvironment(env, options.socketMode());
    DiagnosisService diagnoses =
        new LabDiagnosisService(
            LabEnvironments.opener(), request.labName(), request.probeTimeout(), Clock.systemUTC());
    PeerfixListeners listeners = new PeerfixListeners(diagnoses, java.util.Optional.empty());
    SlackBot bot;
    try {
      bot = SlackBot.start(settings, options, listeners);
    } catch (Exception e) {
      listeners.close();
      throw e;
    }
    err.println(
        "peerfix serve: "
            + (options.socketMode() ? "Socket Mode" : "HTTP")
            + ", lab '"
            + request.labName()
            + "', listening on port "
            + bot.port()
            + " (Ctrl-C stops)");
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    bot.close();
                  } catch (Exception e) {
                    // Stopping anyway; nothing is left to tell.
                  } finally {
                    listeners.close();
                    stopped.countDown();
                  }
                },
                "peerfix-serve-stop"));
    stopped.await();
    return 0;
  }
}
