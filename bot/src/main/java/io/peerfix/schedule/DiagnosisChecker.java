package io.peerfix.schedule;

import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.watch.Check;
import io.peerfix.schedule.watch.LeftOut;
import io.peerfix.schedule.watch.NodeCondition;
import io.peerfix.schedule.watch.NodeSample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a target with a diagnosis (the same as {@code /peerfix diagnose}) and turns its per-node
 * verdicts into the run's samples; nodes that are not ready, cordoned or being removed are left out
 * of the samples and listed, so they never count as failures. A diagnosis that cannot run is a
 * check with no node probed (its state UNKNOWN, which changes nothing).
 */
public final class DiagnosisChecker implements TargetChecker {
  private static final Logger LOG = LoggerFactory.getLogger(DiagnosisChecker.class);

  private final Function<String, DiagnosisRun> diagnose;
  private final NodeConditions conditions;

  public DiagnosisChecker(Function<String, DiagnosisRun> diagnose, NodeConditions conditions) {
    this.diagnose = diagnose;
    this.conditions = conditions;
  }

  @Override
  public Checked check(String target, Instant at) {
    DiagnosisRun run;
    Map<String, NodeCondition> known;
    try {
      known = conditions.conditions();
      run = diagnose.apply(target);
    } catch (RuntimeException e) {
      LOG.warn("the scheduled diagnosis of {} could not run: {}", target, e.getMessage());
      return new Checked(
          new Check(target, at, RootCause.UNKNOWN, List.of(), List.of()), Optional.empty());
    }
    return new Checked(check(target, at, run, known), Optional.of(run));
  }

  static Check check(
      String target, Instant at, DiagnosisRun run, Map<String, NodeCondition> conditions) {
    Map<String, Long> millis = new HashMap<>();
    for (NodeObservation o : run.observations().nodes()) {
      if (o.podProbe() != null && o.podProbe().reachable()) {
        millis.put(o.name(), o.podProbe().millis());
      }
    }
    List<NodeSample> samples = new ArrayList<>();
    List<LeftOut> leftOut = new ArrayList<>();
    for (NodeVerdict v : run.diagnosis().nodes()) {
      NodeCondition condition = conditions.getOrDefault(v.node(), NodeCondition.READY);
      if (!condition.probed()) {
        leftOut.add(new LeftOut(v.node(), condition));
        continue;
      }
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
    RootCause cause = run.diagnosis().rootCause();
    // When every node that fails is one left out, the target works for the nodes that count.
    if (cause != RootCause.HEALTHY
        && !samples.isEmpty()
        && samples.stream().allMatch(NodeSample::reachable)
        && !leftOut.isEmpty()) {
      cause = RootCause.HEALTHY;
    }
    return new Check(target, at, cause, samples, leftOut);
  }
}
