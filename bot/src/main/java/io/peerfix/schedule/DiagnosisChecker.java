package io.peerfix.schedule;

import io.peerfix.diagnosis.Diagnoser;
import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.DiagnosisListener;
import io.peerfix.orchestration.DiagnosisPorts;
import io.peerfix.orchestration.DiagnosisRequest;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.orchestration.DiagnosisRunner;
import io.peerfix.orchestration.KnownTarget;
import io.peerfix.schedule.watch.Check;
import io.peerfix.schedule.watch.LeftOut;
import io.peerfix.schedule.watch.NodeSample;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a run's targets with diagnoses (the same as {@code /peerfix diagnose}, one per target)
 * that share the run's work: the nodes are listed once, and those that are not ready, cordoned or
 * being removed are left out before any probe (listed in every check, never counted as failures);
 * the pods are probed through {@link SharedPodProbes}, so one probe pod per node (or per NAT
 * fingerprint's representative) probes every target and its results are split per target. A target
 * whose environment or diagnosis cannot run is a check with no node probed (its state UNKNOWN,
 * which changes nothing).
 */
public final class DiagnosisChecker implements TargetChecker {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosisChecker.class);
  private static final int PARALLELISM = 64;

  private final Function<String, DiagnosisEnvironment> open;
  private final NodeConditions conditions;
  private final Duration probeTimeout;
  private final Clock clock;

  /**
   * @param open opens the environment a target lives in (closed after the run)
   * @param probeTimeout each probe's connect timeout, as {@code serve --probe-timeout} gives it
   */
  public DiagnosisChecker(
      Function<String, DiagnosisEnvironment> open,
      NodeConditions conditions,
      Duration probeTimeout,
      Clock clock) {
    this.open = open;
    this.conditions = conditions;
    this.probeTimeout = probeTimeout;
    this.clock = clock;
  }

  @Override
  public Checked check(String target, Instant at) {
    return checkAll(List.of(target), at).get(target);
  }

  @Override
  public Map<String, Checked> checkAll(List<String> targets, Instant at) {
    Map<String, Checked> out = new LinkedHashMap<>();
    Map<String, DiagnosisEnvironment> opened = new LinkedHashMap<>();
    try {
      for (String target : targets) {
        try {
          opened.put(target, open.apply(target));
        } catch (RuntimeException e) {
          LOG.warn("the scheduled diagnosis of {} could not start: {}", target, e.getMessage());
        }
      }
      Map<String, Checked> checked = opened.isEmpty() ? Map.of() : diagnose(opened, at);
      for (String target : targets) {
        out.put(target, checked.getOrDefault(target, unknown(target, at, List.of())));
      }
      return out;
    } finally {
      opened.values().forEach(DiagnosisChecker::closeQuietly);
    }
  }

  private Map<String, Checked> diagnose(Map<String, DiagnosisEnvironment> opened, Instant at) {
    Map<String, DiagnosisRequest> requests = new LinkedHashMap<>();
    opened.forEach(
        (target, environment) -> {
          try {
            KnownTarget known = environment.target(target);
            requests.put(
                target,
                new DiagnosisRequest(
                    known.target(), probeTimeout, known.awsQuery(), known.clusterPodCidr()));
          } catch (RuntimeException e) {
            LOG.warn("the scheduled diagnosis of {} could not start: {}", target, e.getMessage());
          }
        });
    if (requests.isEmpty()) {
      return Map.of();
    }
    DiagnosisPorts first = opened.get(requests.keySet().iterator().next()).ports();
    ScheduledNodes nodes;
    try {
      nodes = ScheduledNodes.list(first.nodes(), conditions);
    } catch (RuntimeException e) {
      LOG.warn("the nodes could not be listed for a scheduled run: {}", e.getMessage());
      return Map.of();
    }
    SharedPodProbes pods =
        new SharedPodProbes(
            first.pods(), requests.values().stream().map(DiagnosisChecker::probe).toList());
    Map<String, Checked> out = new HashMap<>();
    requests.forEach(
        (target, request) -> {
          if (nodes.nodes().isEmpty()) {
            out.put(target, unknown(target, at, nodes.leftOut()));
            return;
          }
          DiagnosisPorts own = opened.get(target).ports();
          DiagnosisPorts shared = new DiagnosisPorts(nodes, own.facts(), pods, own.aws());
          DiagnosisRun run =
              new DiagnosisRunner(shared, Diagnoser.standard(), PARALLELISM, clock)
                  .run(request, DiagnosisRunner.ProbePlan.AUTO, DiagnosisListener.NONE);
          out.put(target, new Checked(check(target, at, run, nodes.leftOut()), Optional.of(run)));
        });
    LOG.info(
        "scheduled run: {} probed from pods on {} of {} ready nodes ({} left out)",
        requests.keySet(),
        pods.nodesProbed(),
        nodes.nodes().size(),
        nodes.leftOut().size());
    return out;
  }

  /** The probe a diagnosis of {@code request} runs from pods (as the runner builds it). */
  static ProbeRequest probe(DiagnosisRequest request) {
    return new ProbeRequest(
        request.target().host(),
        request.target().port(),
        request.target().protocol(),
        request.probeTimeout().toMillis());
  }

  private static Checked unknown(String target, Instant at, List<LeftOut> leftOut) {
    return new Checked(
        new Check(target, at, RootCause.UNKNOWN, List.of(), leftOut), Optional.empty());
  }

  /** The run's samples: one per node whose pod probe ran, with its latency when it connected. */
  static Check check(String target, Instant at, DiagnosisRun run, List<LeftOut> leftOut) {
    Map<String, Long> millis = new HashMap<>();
    for (NodeObservation o : run.observations().nodes()) {
      if (o.podProbe() != null && o.podProbe().reachable()) {
        millis.put(o.name(), o.podProbe().millis());
      }
    }
    List<NodeSample> samples = new ArrayList<>();
    for (NodeVerdict v : run.diagnosis().nodes()) {
      if (!v.podProbe().observed()) {
        continue; // no probe ran for this node: nothing seen, nothing counted
      }
      Long ms = millis.get(v.node());
      samples.add(
          new NodeSample(
              v.node(),
              at,
              v.podProbe().works(),
              ms == null ? OptionalLong.empty() : OptionalLong.of(ms)));
    }
    return new Check(target, at, run.diagnosis().rootCause(), samples, leftOut);
  }

  private static void closeQuietly(DiagnosisEnvironment environment) {
    try {
      environment.close();
    } catch (RuntimeException e) {
      LOG.debug("closing a scheduled run's environment failed", e);
    }
  }
}
