package io.peerfix.slack;

import io.peerfix.approval.LabApprovers;
import io.peerfix.config.PeerfixConfig;
import io.peerfix.config.SlackConfig;
import io.peerfix.lab.LabPaths;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.orchestration.LabEnvironments;
import io.peerfix.schedule.ScheduleService;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;

/**
 * {@code peerfix serve}'s work, kept apart from the command line so that no Slack, Bolt or Jetty
 * class is loaded by the other subcommands: reads the settings, starts the bot and serves until the
 * process is told to stop.
 */
public final class Serve {
  private Serve() {}

  /**
   * What {@code peerfix serve} was asked for, in plain values: the lab {@code labName} ({@code
   * lab}), or the cluster a configuration file describes (with a kubeconfig file, else fabric8's
   * discovery). With the lab, a configuration file gives only the approvers and the {@code slack}
   * section; without one, the lab's demo approver is the only approver.
   */
  public record Request(
      String bindHost,
      OptionalInt httpPort,
      int healthPort,
      boolean lab,
      String labName,
      Optional<Path> config,
      Optional<Path> kubeconfig,
      Duration probeTimeout) {}

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
    // Schedules and metrics (docs/schedules.md), assembled apart in ServeSchedules.
    PeerfixMetrics metrics = PeerfixMetrics.prometheus();
    ServeBackend backend = backend(request, env, metrics);
    Optional<ScheduleService> schedules;
    try {
      schedules = ServeSchedules.of(request, env, settings, backend, metrics);
    } catch (RuntimeException e) {
      closeQuietly(backend);
      throw e;
    }
    PeerfixListeners listeners =
        new PeerfixListeners(
            backend,
            schedules.isPresent() ? schedules.get()::status : PeerfixListeners.NO_SCHEDULES,
            metrics);
    try {
      SlackBot bot = SlackBot.start(settings, options, listeners, Optional.of(metrics));
      String transport = options.socketMode() ? "Socket Mode" : "HTTP";
      schedules.ifPresent(ScheduleService::start);
      return new Running(bot, listeners, backend, transport, schedules);
    } catch (Exception e) {
      listeners.close();
      schedules.ifPresent(ScheduleService::close);
      closeQuietly(backend);
      throw e;
    }
  }

  /** A started bot: what it serves and on which port; closing it stops it and its clients. */
  public record Running(
      SlackBot bot,
      PeerfixListeners listeners,
      ServeBackend backend,
      String transport,
      Optional<ScheduleService> schedules)
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
        schedules.ifPresent(ScheduleService::close);
        bot.close();
      } catch (Exception e) {
        // Stopping anyway; nothing is left to tell.
      } finally {
        listeners.close();
        closeQuietly(backend);
      }
    }
  }

  /** What to serve: the lab, else the configured cluster. */
  static ServeBackend backend(Request request, Map<String, String> env, PeerfixMetrics metrics) {
    Optional<PeerfixConfig> config = request.config().map(file -> PeerfixConfig.load(file, env));
    if (request.lab()) {
      return ServeBackend.lab(
          LabEnvironments.opener(),
          LabPaths.standard(),
          request.labName(),
          config.map(PeerfixConfig::approvalPolicy).orElse(LabApprovers.POLICY),
          config.map(c -> c.section(SlackConfig.class)).orElse(SlackConfig.none()),
          request.probeTimeout(),
          Clock.systemUTC(),
          metrics);
    }
    PeerfixConfig cluster =
        config.orElseThrow(() -> new IllegalArgumentException("no lab and no configuration"));
    return ServeBackend.cluster(
        cluster,
        request.kubeconfig().orElse(null),
        cluster.approvalPolicy(),
        request.probeTimeout(),
        Clock.systemUTC(),
        metrics);
  }

  private static void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception e) {
      // Stopping anyway.
    }
  }
}
