package io.peerfix.orchestration;

import io.peerfix.diagnosis.Diagnosis;
import io.peerfix.diagnosis.Observations;
import java.time.Duration;

/** A finished diagnosis, what it rested on, and how long collecting and the whole run took. */
public record DiagnosisRun(
    Diagnosis diagnosis, Observations observations, Duration collecting, Duration total) {}
