package io.peerfix.orchestration;

import io.peerfix.diagnosis.DiagnosisTarget;
import io.peerfix.net.Cidr;
import io.peerfix.vpc.AwsQuery;
import java.util.Objects;

/**
 * A target an environment knows by name, with what to read from AWS for it (null: no AWS view) and
 * the cluster's pod range when known.
 */
public record KnownTarget(DiagnosisTarget target, AwsQuery awsQuery, Cidr clusterPodCidr) {
  public KnownTarget {
    Objects.requireNonNull(target, "target");
  }

  public String name() {
    return target.name();
  }
}
