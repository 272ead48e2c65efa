package io.peerfix.schedule;

import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.schedule.watch.Check;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks one target for a scheduled run, as a diagnosis does, leaving out nodes that are not ready,
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
}
