package io.peerfix.schedule;

import io.peerfix.config.ScheduleConfig;
import io.peerfix.metrics.PeerfixMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.spi.JobFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules on Quartz while this replica leads: {@link #start} builds an in-memory scheduler
 * whose jobs are made by a {@link JobFactory} that hands them their dependencies, one cron trigger
 * per probe and digest schedule and, when a sweep is given, a repeating clean-up; {@link #stop}
 * shuts it down. Each trigger starts just after the latest slot any replica claimed (from the
 * ledger), so slots missed while no replica led are Quartz misfires, handled by firing once at once
 * ({@code withMisfireHandlingInstructionFireAndProceed}): a missed run runs once, not once per slot
 * missed. Cron times are UTC.
 */
public final class QuartzSchedules implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(QuartzSchedules.class);

  /** A trigger this late is a misfire (Quartz's own default is one minute). */
  static final Duration MISFIRE_THRESHOLD = Duration.ofSeconds(5);

  private final Map<String, ScheduleConfig> schedules;
  private final ScheduleRunner runner;
  private final ScheduleLedger ledger;
  private final PeerfixMetrics metrics;
  private final Optional<Runnable> sweep;
  private final Duration sweepEvery;
  private final Clock clock;
  private Scheduler scheduler;

  public QuartzSchedules(
      List<ScheduleConfig> schedules,
      ScheduleRunner runner,
      ScheduleLedger ledger,
      PeerfixMetrics metrics,
      Optional<Runnable> sweep,
      Duration sweepEvery,
      Clock clock) {
    Map<String, ScheduleConfig> byName = new LinkedHashMap<>();
    schedules.forEach(s -> byName.put(s.name(), s));
    this.schedules = Map.copyOf(byName);
    this.runner = runner;
    this.ledger = ledger;
    this.metrics = metrics;
    this.sweep = sweep;
    this.sweepEvery = sweepEvery;
    this.clock = clock;
  }

  /** Starts running the schedules (again, after a {@link #stop}). */
  public synchronized void start() throws SchedulerException {
    if (scheduler != null) {
      return;
    }
    Scheduler s = new StdSchedulerFactory(properties()).getScheduler();
    s.setJobFactory(this::job);
    s.getListenerManager().addTriggerListener(new Misfires());
    for (ScheduleConfig schedule : schedules.values()) {
      s.scheduleJob(
          detail("probe-" + schedule.name(), schedule.name(), Slot.Kind.PROBE),
          cron("probe-" + schedule.name(), schedule.cron(), start(schedule, Slot.Kind.PROBE)));
      if (schedule.digest().isPresent()) {
        s.scheduleJob(
            detail("digest-" + schedule.name(), schedule.name(), Slot.Kind.DIGEST),
            cron(
                "digest-" + schedule.name(),
                schedule.digest().get(),
                start(schedule, Slot.Kind.DIGEST)));
      }
    }
    if (sweep.isPresent()) {
      s.scheduleJob(
          JobBuilder.newJob(SweepJob.class).withIdentity(new JobKey("sweep")).build(),
          TriggerBuilder.newTrigger()
              .withIdentity("sweep")
              .startNow()
              .withSchedule(
                  SimpleScheduleBuilder.simpleSchedule()
                      .withIntervalInMilliseconds(sweepEvery.toMillis())
                      .repeatForever()
                      .withMisfireHandlingInstructionNextWithRemainingCount())
              .build());
    }
    s.start();
    scheduler = s;
    LOG.info("schedules running: {}", schedules.keySet());
  }

  /** Stops running them; a run in progress finishes on its own (its slot is claimed). */
  public synchronized void stop() {
    if (scheduler == null) {
      return;
    }
    try {
      scheduler.shutdown(false);
    } catch (SchedulerException e) {
      LOG.warn("the scheduler did not stop cleanly: {}", e.toString());
    }
    scheduler = null;
    LOG.info("schedules stopped");
  }

  public synchronized boolean running() {
    return scheduler != null;
  }

  /** When this replica's scheduler fires the schedule's probe next (empty when not leading). */
  public synchronized Optional<Instant> nextFire(String schedule) {
    if (scheduler == null) {
      return Optional.empty();
    }
    try {
      Trigger t = scheduler.getTrigger(new TriggerKey("probe-" + schedule));
      return t == null
          ? Optional.empty()
          : Optional.ofNullable(t.getNextFireTime()).map(Date::toInstant);
    } catch (SchedulerException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * One second after the latest slot claimed (a cron trigger's first fire time is the first cron
   * time after its start less one second), so the slots since are misfires; now when none.
   */
  private Date start(ScheduleConfig schedule, Slot.Kind kind) {
    Optional<Instant> last = ledger.lastSlot(schedule.name(), kind);
    return Date.from(last.map(l -> l.plusSeconds(1)).orElse(clock.instant()));
  }

  private static JobDetail detail(String name, String schedule, Slot.Kind kind) {
    return JobBuilder.newJob(SlotJob.class)
        .withIdentity(new JobKey(name))
        .usingJobData(SlotJob.SCHEDULE, schedule)
        .usingJobData(SlotJob.KIND, kind.name())
        .build();
  }

  private static Trigger cron(String name, String expression, Date startAt) {
    return TriggerBuilder.newTrigger()
        .withIdentity(name)
        .forJob(name)
        .startAt(startAt)
        .withSchedule(
            CronScheduleBuilder.cronSchedule(new Slots(expression).expression())
                .withMisfireHandlingInstructionFireAndProceed())
        .build();
  }

  /** The JobFactory: each job made with what it needs, none by reflection. */
  private Job job(org.quartz.spi.TriggerFiredBundle bundle, Scheduler s) {
    Class<? extends Job> type = bundle.getJobDetail().getJobClass();
    if (type == SlotJob.class) {
      return new SlotJob(schedules, runner);
    }
    if (type == SweepJob.class) {
      return new SweepJob(sweep.orElseThrow());
    }
    throw new IllegalArgumentException("no such job: " + type.getName());
  }

  private static Properties properties() {
    Properties p = new Properties();
    p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "peerfix-" + UUID.randomUUID());
    p.setProperty("org.quartz.threadPool.threadCount", "2");
    p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
    p.setProperty("org.quartz.threadPool.threadNamePrefix", "peerfix-schedule");
    p.setProperty("org.quartz.scheduler.makeSchedulerThreadDaemon", "true");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
    p.setProperty(
        "org.quartz.jobStore.misfireThreshold", Long.toString(MISFIRE_THRESHOLD.toMillis()));
    return p;
  }

  /** Counts misfires per schedule. */
  private final class Misfires extends TriggerListenerSupport {
    @Override
    public String getName() {
      return "peerfix-misfires";
    }

    @Override
    public void triggerMisfired(Trigger trigger) {
      String name = trigger.getKey().getName();
      String schedule = name.substring(name.indexOf('-') + 1);
      LOG.info("{} missed its slot: running it once now", name);
      metrics.misfire(schedule);
    }
  }
}
