package io.peerfix.slack;

import com.slack.api.bolt.App;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every listener of the bot, registered in one place: the {@code /peerfix} command and the explain
 * modal's submission. Listeners only check and ack; their work runs on a bounded executor (a full
 * queue is answered "busy", never blocks an ack), and message updates on a small timer.
 */
public final class PeerfixListeners implements java.util.function.Consumer<App>, AutoCloseable {
  public static final String COMMAND = "/peerfix";

  /** Diagnoses at once; each holds a thread for about one probe timeout. */
  private static final int WORKERS = 8;

  private static final int QUEUE = 64;
  private static final Duration UPDATE_INTERVAL = Duration.ofSeconds(1);

  private final ExecutorService slow;
  private final ScheduledExecutorService timer;
  private final CommandListener commands;
  private final ExplainModal explain;

  public PeerfixListeners(DiagnosisService diagnoses) {
    this(diagnoses, SlackCalls.standard(), Clock.systemUTC(), UPDATE_INTERVAL);
  }

  PeerfixListeners(
      DiagnosisService diagnoses, SlackCalls calls, Clock clock, Duration updateInterval) {
    this.slow =
        new ThreadPoolExecutor(
            WORKERS,
            WORKERS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(QUEUE),
            daemon("peerfix-slack-work"));
    this.timer = new ScheduledThreadPoolExecutor(2, daemon("peerfix-slack-timer"));
    LiveMessage.Timer schedule =
        (task, delay) -> timer.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    DiagnosisJobs jobs = new DiagnosisJobs(diagnoses, calls, schedule, clock, updateInterval);
    this.explain = new ExplainModal(calls);
    this.commands = new CommandListener(diagnoses, jobs, explain, slow);
  }

  @Override
  public void accept(App app) {
    app.command(COMMAND, commands::handle);
    app.viewSubmission(ExplainModal.CALLBACK_ID, explain::submit);
  }

  @Override
  public void close() {
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
