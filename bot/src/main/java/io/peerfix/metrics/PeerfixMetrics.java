package io.peerfix.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * peerfix's metrics, named once here so the bot, the agent and the schedules count the same way
 * (Prometheus names: {@code peerfix_probe_results_total}, {@code peerfix_probe_latency_seconds},
 * {@code peerfix_diagnoses_total}, {@code peerfix_fixes_total}, {@code
 * peerfix_agent_drift_repairs_total}, {@code peerfix_api_errors_total}, {@code
 * peerfix_schedule_runs_total}, {@code peerfix_schedule_misfires_total}, {@code
 * peerfix_schedule_reports_total}). Labels take only values peerfix chose (configured target and
 * schedule names, enum names), never free text, so the series stay few.
 */
public final class PeerfixMetrics {
  /** What happened to a fix. */
  public enum FixEvent {
    PROPOSED,
    APPROVED,
    APPLIED,
    REVERTED
  }

  /** Which outside API failed. */
  public enum Api {
    SLACK,
    KUBERNETES
  }

  /** How a scheduled slot ended on this replica. */
  public enum RunOutcome {
    /** This replica probed and reported the slot. */
    RAN,
    /** Another replica had claimed or reported the slot. */
    SKIPPED,
    /** The run failed (its error is logged). */
    FAILED
  }

  private final MeterRegistry registry;
  private final Optional<PrometheusMeterRegistry> prometheus;

  private PeerfixMetrics(MeterRegistry registry, Optional<PrometheusMeterRegistry> prometheus) {
    this.registry = Objects.requireNonNull(registry, "registry");
    this.prometheus = prometheus;
  }

  /** Metrics exposed for Prometheus ({@link #scrape()}). */
  public static PeerfixMetrics prometheus() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    return new PeerfixMetrics(registry, Optional.of(registry));
  }

  /** Metrics kept in memory only (tests, commands that serve no endpoint). */
  public static PeerfixMetrics inMemory() {
    return new PeerfixMetrics(new SimpleMeterRegistry(), Optional.empty());
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric, empty for in-memory metrics. */
  public String scrape() {
    return prometheus.map(PrometheusMeterRegistry::scrape).orElse("");
  }

  public void probe(String target, boolean reachable, Optional<Duration> latency) {
    Counter.builder("peerfix.probe.results")
        .description("Pod probes of a target, by result")
        .tag("target", target)
        .tag("result", reachable ? "reachable" : "unreachable")
        .register(registry)
        .increment();
    latency.ifPresent(
        d ->
            Timer.builder("peerfix.probe.latency")
                .description("Time a pod probe of a target took to connect")
                .tag("target", target)
                .register(registry)
                .record(d));
  }

  public void diagnosis(String rootCause) {
    Counter.builder("peerfix.diagnoses")
        .description("Diagnoses, by root cause")
        .tag("root_cause", rootCause)
        .register(registry)
        .increment();
  }

  public void fix(FixEvent event) {
    Counter.builder("peerfix.fixes")
        .description("Node fixes proposed, approved, applied and reverted")
        .tag("event", lower(event))
        .register(registry)
        .increment();
  }

  public void driftRepaired() {
    Counter.builder("peerfix.agent.drift.repairs")
        .description("Times an agent put back rules that had been removed or rewritten")
        .register(registry)
        .increment();
  }

  public void apiError(Api api, String operation) {
    Counter.builder("peerfix.api.errors")
        .description("Failed calls to the Slack and Kubernetes APIs")
        .tag("api", lower(api))
        .tag("operation", operation)
        .register(registry)
        .increment();
  }

  public void scheduleRun(String schedule, RunOutcome outcome) {
    Counter.builder("peerfix.schedule.runs")
        .description("Scheduled slots, by how they ended on this replica")
        .tag("schedule", schedule)
        .tag("outcome", lower(outcome))
        .register(registry)
        .increment();
  }

  public void misfire(String schedule) {
    Counter.builder("peerfix.schedule.misfires")
        .description("Scheduled runs missed (e.g. while no replica led) and run once late")
        .tag("schedule", schedule)
        .register(registry)
        .increment();
  }

  public void report(String schedule, String kind) {
    Counter.builder("peerfix.schedule.reports")
        .description("Messages the schedules posted, by kind")
        .tag("schedule", schedule)
        .tag("kind", kind)
        .register(registry)
        .increment();
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }
}
