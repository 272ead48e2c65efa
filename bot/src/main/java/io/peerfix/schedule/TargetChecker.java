package io.peerfix.schedule;

import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.watch.Check;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks a scheduled run's targets, as a diagnosis does, leaving out nodes that are not ready,
 * cordoned or being removed. Slow (about one probe timeout); runs on the scheduler's thread.
 */
public interface TargetChecker {
  /** The check, and the diagnosis run behind it (for the failure report's diagnosis and fix). */
  record Checked(Check check, Optional<DiagnosisRun> run) {
    public Checked {
      Objects.requireNonNull(check, "check");
      Objects.requireNonNull(run, "run");
    }
  }

  Checked check(String target, Instant at);

  /**
   * Every one of a run's {@code targets}, by target in their order. By default each is checked on
   * its own; a checker that shares work between them (one probe pod per node for all targets)
   * overrides this.
   */
  default Map<String, Checked> checkAll(List<String> targets, Instant at) {
    Map<String, Checked> out = new LinkedHashMap<>();
    targets.forEach(t -> out.put(t, check(t, at)));
    return out;
  }
}
