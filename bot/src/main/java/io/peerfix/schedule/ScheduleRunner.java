package io.peerfix.schedule;

import io.peerfix.config.ScheduleConfig;
import io.peerfix.metrics.PeerfixMetrics;
import io.peerfix.metrics.PeerfixMetrics.RunOutcome;
import io.peerfix.schedule.watch.Check;
import io.peerfix.schedule.watch.DigestLine;
import io.peerfix.schedule.watch.NodeSample;
import io.peerfix.schedule.watch.Report;
import io.peerfix.schedule.watch.Step;
import io.peerfix.schedule.watch.TargetRecord;
import io.peerfix.schedule.watch.Watch;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs one slot of one schedule, whatever fired it (Quartz, a catch-up after downtime, a test):
 * claims the slot in the ledger (a slot another replica claimed or reported is skipped), checks the
 * targets together (one probe pod per node for all of them), lets {@link Watch} decide what to
 * report, posts it, and keeps each target's record as soon as its report is posted. The run's
 * correlation (schedule, run id, target, channel, thread) is in the log context.
 */
public final class ScheduleRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);

  /** A claim not done after this long is taken to belong to a replica that died mid-run. */
  static final Duration TAKE_OVER_AFTER = Duration.ofMinutes(5);

  private final ScheduleLedger ledger;
  private final TargetChecker checker;
  private final ReportSink sink;
  private final PeerfixMetrics metrics;
  private final String owner;

  public ScheduleRunner(
      ScheduleLedger ledger,
      TargetChecker checker,
      ReportSink sink,
      PeerfixMetrics metrics,
      String owner) {
    this.ledger = ledger;
    this.checker = checker;
    this.sink = sink;
    this.metrics = metrics;
    this.owner = owner;
  }

  /** Probes and reports one slot; returns how it ended on this replica. */
  public RunOutcome probe(ScheduleConfig schedule, Slot slot) {
    try (MDC.MDCCloseable a = MDC.putCloseable("schedule", schedule.name());
        MDC.MDCCloseable b = MDC.putCloseable("run", slot.key());
        MDC.MDCCloseable c = MDC.putCloseable("channel", schedule.channel())) {
      RunOutcome outcome;
      try {
        outcome = probeClaimed(schedule, slot);
      } catch (RuntimeException e) {
        // The ledger could not be read or written (the API is down): the slot is not claimed, so
        // it is the next leader's or the next slot's to report.
        LOG.warn("scheduled run {} of {} failed: {}", slot.key(), schedule.name(), e.toString());
        outcome = RunOutcome.FAILED;
      }
      metrics.scheduleRun(schedule.name(), outcome);
      return outcome;
    }
  }

  private RunOutcome probeClaimed(ScheduleConfig schedule, Slot slot) {
    if (!ledger.claim(slot, owner, TAKE_OVER_AFTER)) {
      LOG.info("slot {} of {} is another replica's: skipped", slot.key(), schedule.name());
      return RunOutcome.SKIPPED;
    }
    Watch watch = new Watch(schedule.flapWindow(), ScheduleConfig.FLAP_CHANGES);
    try {
      // All targets at once: they share the run's node list and probe pods.
      Map<String, TargetChecker.Checked> checks = checker.checkAll(schedule.targets(), slot.at());
      for (String target : schedule.targets()) {
        try (MDC.MDCCloseable t = MDC.putCloseable("target", target)) {
          reportOne(schedule, watch, target, checks.get(target));
        }
      }
      ledger.complete(slot, owner);
      return RunOutcome.RAN;
    } catch (RuntimeException e) {
      LOG.warn("scheduled run {} of {} failed: {}", slot.key(), schedule.name(), e.toString());
      return RunOutcome.FAILED;
    }
  }

  private void reportOne(
      ScheduleConfig schedule, Watch watch, String target, TargetChecker.Checked checked) {
    Check check = checked.check();
    for (NodeSample node : check.nodes()) {
      metrics.probe(
          target,
          node.reachable(),
          node.millis().isPresent()
              ? Optional.of(Duration.ofMillis(node.millis().getAsLong()))
              : Optional.empty());
    }
    metrics.diagnosis(check.cause().name());
    // Read just before deciding, so a record written by a run of this slot elsewhere counts.
    TargetRecord before =
        ledger.records(schedule.name()).getOrDefault(target, TargetRecord.fresh());
    Step step = watch.decide(before, check);
    TargetRecord after = step.record();
    if (step.report().isPresent()) {
      Report report = step.report().get();
      Optional<String> ts = sink.post(schedule.channel(), report, checked.run());
      metrics.report(schedule.name(), kind(report));
      if (report instanceof Report.Failure && ts.isPresent()) {
        after = after.withThread(ts.get());
        MDC.put("thread", ts.get());
      }
      LOG.info("{}: {} reported", target, kind(report));
    }
    ledger.save(schedule.name(), target, after);
    MDC.remove("thread");
  }

  /** Posts the digest of one slot, unless another replica did. */
  public RunOutcome digest(ScheduleConfig schedule, Slot slot) {
    try (MDC.MDCCloseable a = MDC.putCloseable("schedule", schedule.name());
        MDC.MDCCloseable b = MDC.putCloseable("run", slot.key())) {
      try {
        if (!ledger.claim(slot, owner, TAKE_OVER_AFTER)) {
          return RunOutcome.SKIPPED;
        }
        Map<String, TargetRecord> records = ledger.records(schedule.name());
        sink.digest(
            schedule.channel(),
            schedule.name(),
            DigestLine.of(schedule.targets(), records, ScheduleConfig.FLAP_CHANGES));
        metrics.report(schedule.name(), "digest");
        ledger.complete(slot, owner);
        return RunOutcome.RAN;
      } catch (RuntimeException e) {
        LOG.warn("digest {} of {} failed: {}", slot.key(), schedule.name(), e.toString());
        return RunOutcome.FAILED;
      }
    }
  }

  static String kind(Report report) {
    if (report instanceof Report.Failure) {
      return "failure";
    }
    if (report instanceof Report.Recovery) {
      return "recovery";
    }
    return report instanceof Report.Flapping ? "flapping" : "cause_changed";
  }
}
