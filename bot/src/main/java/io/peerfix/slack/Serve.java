package io.peerfix.slack;

import io.peerfix.approval.LabApprovers;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.fix.ApprovalPolicy;
import io.peerfix.lab.LabPaths;
import io.peerfix.orchestration.LabEnvironments;
import java.io.PrintWriter;
import java.nio.file.Path;
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
   * What {@code peerfix serve} was asked for, in plain values: the lab {@code labName}, or the
   * cluster a configuration file describes (with a kubeconfig file, else fabric8's discovery);
   * {@code approvers} are the Slack user ids that may approve (empty: in the lab, the lab's demo
   * approver only; with a configuration file, nobody).
   */
  public record Request(
      String bindHost,
      OptionalInt httpPort,
      int healthPort,
      String labName,
      Optional<Path> config,
      Optional<Path> kubeconfig,
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
    Running running = start(request, env);
    err.println("peerfix serve: " + running.describe() + " (Ctrl-C stops)");
    err.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  running.close();
                  stopped.countDown();
                },
                "peerfix-serve-stop"));
    stopped.await();
    return 0;
  }

  /**
   * Starts the bot: the Slack settings from {@code env} and the backend (the lab, or the cluster of
   * the configuration file) are read and checked first, so a missing or malformed setting fails
   * before anything listens.
   *
   * @throws io.peerfix.common.UserInputException for a missing or malformed setting (exit 2)
   */
  public static Running start(Request request, Map<String, String> env) throws Exception {
    ServeOptions options =
        new ServeOptions(request.bindHost(), request.httpPort(), request.healthPort());
    SlackSettings settings = SlackSettings.fromEnvironment(env, options.socketMode());
    ServeBackend backend = backend(request, env);
    PeerfixListeners listeners = new PeerfixListeners(backend);
    try {
      SlackBot bot = SlackBot.start(settings, options, listeners);
      String transport = options.socketMode() ? "Socket Mode" : "HTTP";
      return new Running(bot, listeners, backend, transport);
    } catch (Exception e) {
      listeners.close();
      closeQuietly(backend);
      throw e;
    }
  }

  /** A started bot: what it serves and on which port; closing it stops it and its clients. */
  public record Running(
      SlackBot bot, PeerfixListeners listeners, ServeBackend backend, String transport)
      implements AutoCloseable {
    public int port() {
      return bot.port();
    }

    public String describe() {
      return transport + ", " + backend.describe() + ", listening on port " + port();
    }

    @Override
    public void close() {
      try {
        bot.close();
      } catch (Exception e) {
        // Stopping anyway; nothing is left to tell.
      } finally {
        listeners.close();
        closeQuietly(backend);
      }
    }
  }

  /** What to serve: the configured cluster, else the lab. */
  static ServeBackend backend(Request request, Map<String, String> env) {
    if (request.config().isPresent()) {
      PeerfixConfig config = PeerfixConfig.load(request.config().get(), env);
      return ServeBackend.cluster(
          config,
          request.kubeconfig().orElse(null),
          policy(request.approvers(), ApprovalPolicy.DEFAULT_TTL),
          request.probeTimeout(),
          Clock.systemUTC());
    }
    return ServeBackend.lab(
        LabEnvironments.opener(),
        LabPaths.standard(),
        request.labName(),
        labPolicy(request.approvers()),
        request.probeTimeout(),
        Clock.systemUTC());
  }

  private static ApprovalPolicy policy(List<String> approvers, Duration ttl) {
    return new ApprovalPolicy(Set.copyOf(approvers), Set.of(), false, ttl);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // Stopping anyway.
    }
  }

  /** The approvers given, who may not approve their own fix; none given: the lab's default. */
  static ApprovalPolicy labPolicy(List<String> approvers) {
    if (approvers.isEmpty()) {
      return LabApprovers.POLICY;
    }
    return policy(approvers, ApprovalPolicy.DEFAULT_TTL);
  }
}
