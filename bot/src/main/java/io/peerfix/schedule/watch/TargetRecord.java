package io.peerfix.schedule.watch;

import io.peerfix.diagnosis.RootCause;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a schedule remembers of one target between runs, small enough to store beside the schedule
 * so another replica continues where the last leader stopped: the state last reported to the
 * channel (and, while failing, its cause, when the incident began and the incident's thread), the
 * state last observed and since when, the observed changes within the flap window, when flapping
 * was last reported, the last run's check, and the last {@value #SAMPLES} samples of each node.
 */
public record TargetRecord(
    TargetState reported,
    Optional<RootCause> cause,
    Optional<Instant> incidentStart,
    Optional<String> thread,
    TargetState observed,
    Optional<Instant> since,
    List<Instant> changes,
    Optional<Instant> flapReported,
    Optional<Check> last,
    Map<String, List<NodeSample>> history) {
  /** Samples kept per node. */
  public static final int SAMPLES = 10;

  public TargetRecord {
    Objects.requireNonNull(reported, "reported");
    Objects.requireNonNull(observed, "observed");
    cause = orEmpty(cause);
    incidentStart = orEmpty(incidentStart);
    thread = orEmpty(thread);
    since = orEmpty(since);
    flapReported = orEmpty(flapReported);
    last = orEmpty(last);
    changes = List.copyOf(changes);
    history = Map.copyOf(history);
  }

  /** A target never run: assumed OK, so a first failing run is reported. */
  public static TargetRecord fresh() {
    return new TargetRecord(
        TargetState.OK,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        TargetState.OK,
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty(),
        Map.of());
  }

  /** The same record with the incident's thread, once its failure report is posted. */
  public TargetRecord withThread(String ts) {
    return new TargetRecord(
        reported,
        cause,
        incidentStart,
        Optional.of(ts),
        observed,
        since,
        changes,
        flapReported,
        last,
        history);
  }

  /** Whether the observed state changed often enough within the window to count as flapping. */
  public boolean flapping(int changesThatFlap) {
    return changes.size() >= changesThatFlap;
  }

  /** The history with this check's samples added, each node keeping its last {@value #SAMPLES}. */
  Map<String, List<NodeSample>> historyWith(Check check) {
    Map<String, List<NodeSample>> next = new LinkedHashMap<>(history);
    for (NodeSample sample : check.nodes()) {
      List<NodeSample> samples = new ArrayList<>(next.getOrDefault(sample.node(), List.of()));
      samples.add(sample);
      if (samples.size() > SAMPLES) {
        samples = samples.subList(samples.size() - SAMPLES, samples.size());
      }
      next.put(sample.node(), List.copyOf(samples));
    }
    return next;
  }

  private static <T> Optional<T> orEmpty(Optional<T> value) {
    return value == null ? Optional.empty() : value;
  }
}
