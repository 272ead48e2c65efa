package io.peerfix.orchestration;

import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Observations;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one diagnosis over the ports and tells a {@link DiagnosisListener} what happens as it
 * happens. Lists the nodes once (while the AWS view is read), then in parallel on a bounded
 * executor: in small clusters every node's facts (with its host probe) and a pod probe on every
 * node; beyond {@value #EVERY_NODE_UP_TO} nodes every node's facts in one read, then one pod probe
 * per NAT fingerprint. Then it hands the observations to the {@link Diagnoser}. Because everything
 * slow runs side by side, a run takes about one probe timeout plus the overhead.
 *
 * <p>One deadline, the probe timeout plus a grace period from the run's start, bounds every wait on
 * every path: whatever has not answered by then (the node list, facts, a probe, the AWS view) is
 * cancelled and reported as missing, not waited for. Collection failures never abort the run: they
 * become warnings and missing observations, and the diagnosis says what it lacks.
 */
public final class DiagnosisRunner {
  /**
   * Time allowed beyond the probe timeout for DNS, process start and reading facts before an
   * observation counts as missing; generous, because a missing observation costs more than a late
   * one (the target is about one probe timeout plus 1.5 s, measured, not enforced).
   */
  static final Duration GRACE = Duration.ofSeconds(30);

  /** Up to this many nodes, {@link ProbePlan#AUTO} probes every node. */
  static final int EVERY_NODE_UP_TO = 8;

  private static final AtomicInteger RUNS = new AtomicInteger();

  private final DiagnosisPorts ports;
  private final Diagnoser diagnoser;
  private final int parallelism;
  private final Clock clock;
  private final Duration grace;

  public DiagnosisRunner(DiagnosisPorts ports, Diagnoser diagnoser, int parallelism, Clock clock) {
    this(ports, diagnoser, parallelism, clock, GRACE);
  }

  /**
   * A runner that runs at most {@code parallelism} collectors at once and gives up on them {@code
   * grace} after the probe timeout; {@code parallelism} also caps the nodes without facts that are
   * probed on their own under the fingerprint plan.
   */
  public DiagnosisRunner(
      DiagnosisPorts ports, Diagnoser diagnoser, int parallelism, Clock clock, Duration grace) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative");
    }
    this.ports = Objects.requireNonNull(ports, "ports");
    this.diagnoser = Objects.requireNonNull(diagnoser, "diagnoser");
    this.parallelism = parallelism;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.grace = grace;
  }

  /** How pods are probed. */
  public enum ProbePlan {
    EVERY_NODE,
    ONE_PER_NAT_FINGERPRINT,
    /** Every node in small clusters (fastest), one per NAT fingerprint beyond a few nodes. */
    AUTO
  }

  /** Runs with {@link ProbePlan#AUTO} and no listener. */
  public DiagnosisRun run(DiagnosisRequest request) {
    return run(request, ProbePlan.AUTO, DiagnosisListener.NONE);
  }

  public DiagnosisRun run(DiagnosisRequest request, ProbePlan plan) {
    return run(request, plan, DiagnosisListener.NONE);
  }

  /**
   * Runs one diagnosis, telling {@code listener} each {@link DiagnosisEvent} on this thread; the
   * last is {@link DiagnosisEvent.Done} with the returned run.
   */
  public DiagnosisRun run(DiagnosisRequest request, ProbePlan plan, DiagnosisListener listener) {
    Instant started = clock.instant();
    Instant deadline = started.plus(request.probeTimeout()).plus(grace);
    ExecutorService pool = Executors.newFixedThreadPool(parallelism, threads());
    Collection collection = new Collection(pool, clock, deadline, listener);
    try {
      collection.emit(new DiagnosisEvent.Started(request.target(), started));
      Observations observations =
          new Round(ports, diagnoser, request, collection, plan, parallelism).collect();
      Instant collected = clock.instant();
      Diagnosis diagnosis = diagnoser.diagnose(observations);
      DiagnosisRun run =
          new DiagnosisRun(
              diagnosis,
              observations,
              started,
              Duration.between(started, collected),
              Duration.between(started, clock.instant()));
      collection.emit(new DiagnosisEvent.Done(run));
      return run;
    } finally {
      collection.close();
      // Collectors still running past the deadline are interrupted; daemon threads never keep
      // the process alive for one that ignores it.
      pool.shutdownNow();
    }
  }

  private static ThreadFactory threads() {
    int run = RUNS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "peerfix-diagnosis-" + run + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
