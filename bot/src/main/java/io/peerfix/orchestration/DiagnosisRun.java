package io.peerfix.orchestration;

import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Observations;
import java.time.Duration;
import java.time.Instant;

/**
 * A finished diagnosis, what it rested on, when the run started, and how long collecting and the
 * whole run took.
 */
public record DiagnosisRun(
    Diagnosis diagnosis,
    Observations observations,
    Instant started,
    Duration collecting,
    Duration total) {}
