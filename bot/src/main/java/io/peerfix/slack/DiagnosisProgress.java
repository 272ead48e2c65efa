package io.peerfix.slack;

import io.peerfix.diagnosis.RootCause;
import java.util.Objects;
import java.util.Optional;

/**
 * How far a diagnosis shown in Slack has got: its stage in words ("probes launched", "3 of 8 nodes
 * answered") and the cause predicted from the model before the probes end, if any.
 */
record DiagnosisProgress(
    String target, String requestedBy, String stage, Optional<RootCause> predicted) {
  DiagnosisProgress {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(requestedBy, "requestedBy");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(predicted, "predicted");
  }

  static DiagnosisProgress started(String target, String requestedBy) {
    return new DiagnosisProgress(target, requestedBy, "probes launched…", Optional.empty());
  }

  DiagnosisProgress at(String newStage) {
    return new DiagnosisProgress(target, requestedBy, newStage, predicted);
  }

  DiagnosisProgress predicting(RootCause cause) {
    return new DiagnosisProgress(target, requestedBy, stage, Optional.of(cause));
  }
}
