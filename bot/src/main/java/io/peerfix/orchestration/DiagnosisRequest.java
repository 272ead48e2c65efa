package io.peerfix.orchestration;

import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.net.Cidr;
import io.peerfix.vpc.AwsQuery;
import java.time.Duration;
import java.util.Objects;

/**
 * One diagnosis to run: the target, the time each probe's connect may take, what to read from AWS
 * (null: no AWS view) and the cluster's pod range when known (null: derived from the nodes).
 */
public record DiagnosisRequest(
    DiagnosisTarget target, Duration probeTimeout, AwsQuery awsQuery, Cidr clusterPodCidr) {
  public DiagnosisRequest {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    if (probeTimeout.isNegative() || probeTimeout.isZero()) {
      throw new IllegalArgumentException("probe timeout must be positive");
    }
  }

  ProbeRequest probe() {
    return new ProbeRequest(
        target.host(), target.port(), target.protocol(), probeTimeout.toMillis());
  }
}
