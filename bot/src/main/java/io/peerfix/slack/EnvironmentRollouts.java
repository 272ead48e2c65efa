package io.peerfix.slack;

import io.peerfix.approval.FixRollout;
import io.peerfix.approval.FixVerifier;
import io.peerfix.approval.ProbeVerifier;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.fix.FixRecord;
import io.peerfix.fix.FixStore;
import io.peerfix.orchestration.DiagnosisEnvironment;
import io.peerfix.orchestration.KnownTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Drives approved fixes through {@link FixRollout} over the store the agents report to, verifying
 * with new pod probes in the fix's target's environment, opened only for the verification itself
 * (most steps only read the store).
 */
final class EnvironmentRollouts implements FixDesk.Rollouts {
  private final FixStore store;
  private final Environments environments;
  private final Duration probeTimeout;
  private final Clock clock;

  EnvironmentRollouts(
      FixStore store, Environments environments, Duration probeTimeout, Clock clock) {
    this.store = store;
    this.environments = environments;
    this.probeTimeout = probeTimeout;
    this.clock = clock;
  }

  @Override
  public Optional<FixRecord> advance(String name) {
    return new FixRollout(store, this::verify, clock).advance(name);
  }

  private FixVerifier.Verification verify(FixRecord fix, List<String> nodes) {
    String target = fix.fix().target();
    try (DiagnosisEnvironment environment = environments.open(target)) {
      KnownTarget known = environment.target(target);
      ProbeRequest probe =
          new ProbeRequest(
              known.target().host(),
              known.target().port(),
              known.target().protocol(),
              probeTimeout.toMillis());
      return new ProbeVerifier(environment.ports().nodes(), environment.ports().pods(), probe)
          .verify(fix, nodes);
    }
  }
}
