package io.peerfix.schedule.watch;

import java.util.Objects;
import java.util.Optional;

/** A run's outcome for one target: the record to keep and what, if anything, to report. */
public record Step(TargetRecord record, Optional<Report> report) {
  public Step {
    Objects.requireNonNull(record, "record");
    Objects.requireNonNull(report, "report");
  }
}
