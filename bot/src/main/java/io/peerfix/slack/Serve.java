package io.peerfix.slack;

import io.peerfix.approval.LabApprovers;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.LabEnvironments;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code peerfix serve}'s work, kept apart from the command line so that no Slack, Bolt or Jetty
 * class is loaded by the other subcommands: reads the settings, starts the bot and serves until the
 * process is told to stop.
 */
public final class Serve {
  private Serve() {}

  /**
   * What {@code peerfix serve} was asked for, in plain values: in the lab, {@code approvers} are
   * the Slack user ids that may approve (empty: the lab's demo approver only).
   */
  public record Request(
      String bindHost,
      OptionalInt httpPort,
      int healthPort,
      String labName,
      List<String> approvers,
      Duration probeTimeout) {
    public Request {
      approvers = List.copyOf(approvers);
    }
  }

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
    ServeBackend backend =
        ServeBackend.lab(
            LabEnvironments.opener(),
            LabPaths.standard(),
            request.labName(),
            labPolicy(request.approvers()),
            request.probeTimeout(),
            Clock.systemUTC());
    PeerfixListeners listeners =
        new PeerfixListeners(backend.diagnoses(), Optional.of(backend.fixes()));
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
            + ", "
            + backend.describe()
            + ", listening on port "
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

  /** The approvers given, who may not approve their own fix; none given: the lab's default. */
  static ApprovalPolicy labPolicy(List<String> approvers) {
    if (approvers.isEmpty()) {
      return LabApprovers.POLICY;
    }
    return new ApprovalPolicy(Set.copyOf(approvers), Set.of(), false, ApprovalPolicy.DEFAULT_TTL);
  }
}
