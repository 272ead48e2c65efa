package io.peerfix.diagnosis;

import io.peerfix.net.Cidr;
import io.peerfix.vpc.AwsNetwork;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one diagnosis rests on: the target, what was seen of each node, the AWS view (null
 * when it could not be read at all; partial views carry their warnings), the cluster's pod range
 * when known (null: derived from the nodes' ranges) and warnings from collection.
 */
public record Observations(
    DiagnosisTarget target,
    List<NodeObservation> nodes,
    AwsNetwork aws,
    Cidr clusterPodCidr,
    List<String> warnings) {
  public Observations {
    Objects.requireNonNull(target, "target");
    nodes = List.copyOf(nodes);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Observations without a cluster pod range or collection warnings. */
  public static Observations of(
      DiagnosisTarget target, List<NodeObservation> nodes, AwsNetwork aws) {
    return new Observations(target, nodes, aws, null, List.of());
  }

  public Optional<AwsNetwork> findAws() {
    return Optional.ofNullable(aws);
  }
}
