package io.peerfix.orchestration;

import io.peerfix.common.Problems;
import io.peerfix.diagnosis.ClusterObservationsMapping;
import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.Observations;
import io.peerfix.facts.ClusterObservations;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.vpc.AwsNetwork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one diagnosis over the ports: lists the nodes, then at once and in parallel (bounded
 * executor) reads every node's facts with its host probe, probes from a pod on every node, and
 * reads the AWS view; then hands the observations to the {@link Diagnoser}. Because everything slow
 * runs side by side, a run takes about one probe timeout plus the overhead; whatever has not
 * answered by the probe timeout plus a grace period is reported as missing, not waited for.
 *
 * <p>Collection failures never abort the run: they become warnings and missing observations, and
 * the diagnosis says what it lacks.
 */
public final class DiagnosisRunner {
  /**
   * Time allowed beyond the probe timeout for DNS, process start and reading facts before an
   * observation counts as missing; generous, because a missing observation costs more than a late
   * one (the target is about one probe timeout plus 1.5 s, measured, not enforced).
   */
  static final Duration GRACE = Duration.ofSeconds(30);

  private final DiagnosisPorts ports;
  private final Diagnoser diagnoser;
  private final int parallelism;
  private final Clock clock;
  private final Duration grace;

  public DiagnosisRunner(DiagnosisPorts ports, Diagnoser diagnoser, int parallelism, Clock clock) {
    this(ports, diagnoser, parallelism, clock, GRACE);
  }

  /** A runner that gives up on collectors {@code grace} after the probe timeout. */
  public DiagnosisRunner(
      DiagnosisPorts ports, Diagnoser diagnoser, int parallelism, Clock clock, Duration grace) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1");
    }
    this.ports = ports;
    this.diagnoser = diagnoser;
    this.parallelism = parallelism;
    this.clock = clock;
    this.grace = grace;
  }

  /** Up to this many nodes, {@link ProbePlan#AUTO} probes every node. */
  static final int EVERY_NODE_UP_TO = 8;

  /** How pods are probed. */
  public enum ProbePlan {
    EVERY_NODE,
    ONE_PER_NAT_FINGERPRINT,
    /** Every node in small clusters (fastest), one per NAT fingerprint beyond a few nodes. */
    AUTO
  }

  /** Runs with {@link ProbePlan#AUTO}. */
  public DiagnosisRun run(DiagnosisRequest request) {
    return run(request, ProbePlan.AUTO);
  }

  public DiagnosisRun run(DiagnosisRequest request, ProbePlan plan) {
    return switch (plan) {
      case EVERY_NODE -> everyNode(request, ports.nodes().nodes());
      case ONE_PER_NAT_FINGERPRINT -> perFingerprint(request);
      case AUTO -> {
        List<NodeInfo> nodes = ports.nodes().nodes();
        yield nodes.size() <= EVERY_NODE_UP_TO
            ? everyNode(request, nodes)
            : perFingerprint(request);
      }
    };
  }

  private DiagnosisRun perFingerprint(DiagnosisRequest request) {
    Instant start = clock.instant();
    Warnings warnings = new Warnings();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<AwsNetwork> aws =
          request.awsQuery() == null
              ? null
              : pool.submit(() -> ports.aws().read(request.awsQuery()));
      ClusterObservations round =
          new ClusterCollector(ports.nodes(), ports.facts(), ports.pods(), parallelism, parallelism)
              .collect(request.probe());
      Instant deadline = clock.instant().plus(grace);
      AwsNetwork network = aws == null ? null : await(aws, deadline, "AWS view", null, warnings);
      Observations observations =
          ClusterObservationsMapping.observations(
              request.target(), round, network, request.clusterPodCidr(), warnings.lines());
      return finish(start, observations);
    } finally {
      pool.shutdownNow();
    }
  }

  private DiagnosisRun finish(Instant start, Observations observations) {
    Instant collected = clock.instant();
    Diagnosis diagnosis = diagnoser.diagnose(observations);
    Instant end = clock.instant();
    return new DiagnosisRun(
        diagnosis, observations, Duration.between(start, collected), Duration.between(start, end));
  }

  private DiagnosisRun everyNode(DiagnosisRequest request, List<NodeInfo> nodes) {
    Instant start = clock.instant();
    Warnings warnings = new Warnings();
    ProbeRequest probe = request.probe();
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.min(parallelism, 2 * nodes.size() + 1));
    try {
      Future<AwsNetwork> aws =
          request.awsQuery() == null
              ? null
              : pool.submit(() -> ports.aws().read(request.awsQuery()));
      Map<String, Future<List<NodeFacts>>> facts = new LinkedHashMap<>();
      Map<String, Future<ProbeResult>> pods = new LinkedHashMap<>();
      for (NodeInfo node : nodes) {
        facts.put(node.name(), pool.submit(() -> ports.facts().read(List.of(node), probe)));
        pods.put(node.name(), pool.submit(() -> ports.pods().probeFromPod(node, probe)));
      }
      Instant deadline = start.plus(request.probeTimeout()).plus(grace);
      List<NodeObservation> observed = new ArrayList<>();
      for (NodeInfo node : nodes) {
        List<NodeFacts> read = await(facts.get(node.name()), deadline, "facts", node, warnings);
        NodeFacts nodeFacts =
            read == null
                ? null
                : read.stream()
                    .filter(f -> f.nodeName().equals(node.name()))
                    .findFirst()
                    .orElse(null);
        if (read != null && nodeFacts == null) {
          warnings.add("the agent reported no facts", node.name());
        }
        ProbeResult pod = await(pods.get(node.name()), deadline, "pod probe", node, warnings);
        observed.add(NodeObservation.of(node, nodeFacts, pod));
      }
      AwsNetwork network = aws == null ? null : await(aws, deadline, "AWS view", null, warnings);
      return finish(
          start,
          new Observations(
              request.target(), observed, network, request.clusterPodCidr(), warnings.lines()));
    } finally {
      pool.shutdownNow();
    }
  }

  /** The task's value, or null with a warning when it failed or missed the deadline. */
  private <T> T await(
      Future<T> task, Instant deadline, String what, NodeInfo node, Warnings warnings) {
    long left = Math.max(0, Duration.between(clock.instant(), deadline).toMillis());
    String where = node == null ? "" : node.name();
    try {
      return task.get(left, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      task.cancel(true);
      warnings.add(what + " did not finish in time", where);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      warnings.add(what + " failed: " + Problems.describe(cause), where);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      warnings.add(what + " was interrupted", where);
    }
    return null;
  }

  /** Collection warnings, one line per problem naming the nodes it hit. */
  private static final class Warnings {
    private final Map<String, List<String>> byProblem = new LinkedHashMap<>();

    synchronized void add(String problem, String node) {
      byProblem.computeIfAbsent(problem, k -> new ArrayList<>()).add(node);
    }

    synchronized List<String> lines() {
      List<String> lines = new ArrayList<>();
      byProblem.forEach(
          (problem, nodes) -> {
            List<String> named = nodes.stream().filter(n -> !n.isEmpty()).toList();
            lines.add(
                named.isEmpty()
                    ? problem
                    : problem
                        + " on "
                        + named.size()
                        + " node(s): "
                        + String.join(", ", named.stream().limit(5).toList())
                        + (named.size() > 5 ? ", ..." : ""));
          });
      return lines;
    }
  }
}
