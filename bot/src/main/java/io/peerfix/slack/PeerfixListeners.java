package io.peerfix.slack;

import com.slack.api.bolt.App;
import io.peerfix.config.SlackConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every listener of the bot, registered in one place: the {@code /peerfix} command, the explain
 * modal's submission and the fix buttons. Listeners only check and ack; Web API calls that answer
 * at once (the first message, an ephemeral reply, a modal) run on a small {@code quick} executor,
 * slow work (diagnoses, approvals, rollouts) on a bounded {@code slow} one (a full queue is
 * answered "busy", never blocks an ack), and message updates on a small timer.
 */
public final class PeerfixListeners implements java.util.function.Consumer<App>, AutoCloseable {
  public static final String COMMAND = "/peerfix";

  /** Diagnoses at once; each holds a thread for about one probe timeout. */
  private static final int WORKERS = 8;

  private static final int QUEUE = 64;
  private static final Duration UPDATE_INTERVAL = Duration.ofSeconds(1);

  /** Threads for the calls that answer a command at once: each is one Web API round trip. */
  private static final int QUICK_WORKERS = 4;

  private static final int QUICK_QUEUE = 512;

  private final ExecutorService quick;
  private final ExecutorService slow;
  private final ScheduledExecutorService timer;
  private final CommandListener commands;
  private final ExplainModal explain;
  private final Optional<ApprovalListener> approvals;

  /** How often an approved fix's progress is read from the store, and for how long. */
  private static final Duration WATCH_EVERY = Duration.ofSeconds(2);

  private static final Duration WATCH_LONGEST = Duration.ofMinutes(15);

  /** The listeners over what {@code backend} serves, as {@code peerfix serve} runs them. */
  public PeerfixListeners(ServeBackend backend) {
    this(backend, NO_SCHEDULES);
  }

  /** As above, with {@code /peerfix schedules} answered by {@code schedules}. */
  public PeerfixListeners(ServeBackend backend, java.util.function.Supplier<String> schedules) {
    this(backend, schedules, SlackCalls.standard());
  }

  /** As above, with every failed Web API call counted in {@code metrics}. */
  public PeerfixListeners(
      ServeBackend backend,
      java.util.function.Supplier<String> schedules,
      io.peerfix.metrics.PeerfixMetrics metrics) {
    this(backend, schedules, SlackCalls.counted(metrics));
  }

  private PeerfixListeners(
      ServeBackend backend, java.util.function.Supplier<String> schedules, SlackCalls calls) {
    this(
        backend.diagnoses(),
        Optional.of(backend.fixes()),
        backend.slack(),
        calls,
        Clock.systemUTC(),
        UPDATE_INTERVAL,
        WATCH_EVERY,
        schedules);
  }

  /**
   * The listeners over {@code diagnoses} and, when given, {@code fixes}, with the standard Web API
   * calls and intervals (benchmarks and embedders that bring their own diagnoses).
   */
  public PeerfixListeners(DiagnosisService diagnoses, Optional<FixDesk> fixes) {
    this(diagnoses, fixes, SlackCalls.standard(), Clock.systemUTC(), UPDATE_INTERVAL, WATCH_EVERY);
  }

  /** The answer to {@code /peerfix schedules} when the bot runs none. */
  static final java.util.function.Supplier<String> NO_SCHEDULES =
      () -> "This bot runs no schedules (a schedules: section in the --config file adds them).";

  PeerfixListeners(
      DiagnosisService diagnoses,
      Optional<FixDesk> fixes,
      SlackCalls calls,
      Clock clock,
      Duration updateInterval,
      Duration watchEvery) {
    this(diagnoses, fixes, SlackConfig.none(), calls, clock, updateInterval, watchEvery);
  }

  PeerfixListeners(
      DiagnosisService diagnoses,
      Optional<FixDesk> fixes,
      SlackConfig slack,
      SlackCalls calls,
      Clock clock,
      Duration updateInterval,
      Duration watchEvery) {
    this(diagnoses, fixes, slack, calls, clock, updateInterval, watchEvery, NO_SCHEDULES);
  }

  PeerfixListeners(
      DiagnosisService diagnoses,
      Optional<FixDesk> fixes,
      SlackConfig slack,
      SlackCalls calls,
      Clock clock,
      Duration updateInterval,
      Duration watchEvery,
      java.util.function.Supplier<String> schedules) {
    this.slow =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            daemon("peerfix-slack-work"));
    this.quick =
        new ThreadPoolExecutor(
            QUICK_WORKERS,
            QUICK_WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUICK_QUEUE),
            daemon("peerfix-slack-quick"));
    this.timer = new ScheduledThreadPoolExecutor(2, daemon("peerfix-slack-timer"));
    LiveMessage.Timer schedule =
        (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    DiagnosisJobs jobs =
        new DiagnosisJobs(diagnoses, fixes, calls, schedule, clock, updateInterval, slow);
    GroupDirectory groups = new GroupDirectory(calls, clock);
    this.explain = new ExplainModal(calls);
    this.commands =
        new CommandListener(
            diagnoses, fixes, slack, groups, jobs, explain, calls, quick, slow, schedules);
    this.approvals =
        fixes.map(
            f ->
                new ApprovalListener(
                    f.guard(),
                    groups,
                    new RolloutWatch(
                        f, slow, calls, schedule, clock, watchEvery, WATCH_LONGEST, updateInterval),
                    calls,
                    slow));
  }

  @Override
  public void accept(App app) {
    app.command(COMMAND, commands::handle);
    app.viewSubmission(ExplainModal.CALLBACK_ID, explain::submit);
    approvals.ifPresent(
        a -> {
          app.blockAction(FixBlocks.APPROVE, a::approve);
          app.blockAction(FixBlocks.DISMISS, a::dismiss);
        });
  }

  @Override
  public void close() {
    quick.shutdownNow();
    slow.shutdownNow();
    timer.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
