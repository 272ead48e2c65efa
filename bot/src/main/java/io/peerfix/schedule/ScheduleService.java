package io.peerfix.schedule;

import io.peerfix.config.SchedulesConfig;
import io.peerfix.metrics.PeerfixMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.quartz.SchedulerException;

/**
 * The schedules of one bot replica, assembled: the shared ledger, the runner, Quartz and the
 * election. {@link #start} joins the election; while this replica leads, Quartz runs the schedules
 * (and the sweep, when given); {@link #close} leaves it. {@link #status} answers on every replica.
 */
public final class ScheduleService implements AutoCloseable {
  /** How often the leader collects leftover probe pods. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(5);

  private final QuartzSchedules quartz;
  private final Leadership leadership;
  private final ScheduleStatus status;
  private final Clock clock;
  private final AutoCloseable resources;

  public ScheduleService(
      SchedulesConfig config,
      LedgerStore store,
      Leadership leadership,
      TargetChecker checker,
      ReportSink sink,
      PeerfixMetrics metrics,
      Optional<Runnable> sweep,
      String owner,
      Clock clock,
      AutoCloseable resources) {
    ScheduleLedger ledger = new ScheduleLedger(store, clock);
    this.quartz =
        new QuartzSchedules(
            config.schedules(),
            new ScheduleRunner(ledger, checker, sink, metrics, owner),
            ledger,
            metrics,
            sweep,
            SWEEP_EVERY,
            clock);
    this.leadership = leadership;
    this.status = new ScheduleStatus(config.schedules(), ledger);
    this.clock = clock;
    this.resources = resources;
  }

  public void start() {
    leadership.start(
        () -> {
          try {
            quartz.start();
          } catch (SchedulerException e) {
            throw new IllegalStateException("the schedules could not start: " + e.getMessage(), e);
          }
        },
        quartz::stop);
  }

  public boolean leading() {
    return leadership.leading();
  }

  /** {@code /peerfix schedules}' answer now. */
  public String status() {
    return status.text(Instant.now(clock));
  }

  @Override
  public void close() {
    leadership.close();
    quartz.stop();
    try {
      resources.close();
    } catch (Exception e) {
      // Stopping anyway.
    }
  }

  /** This process's name among the replicas: the host (the pod's name in a cluster) and pid. */
  public static String owner() {
    String host = System.getenv().getOrDefault("HOSTNAME", "localhost");
    return host + "-" + ProcessHandle.current().pid();
  }
}
