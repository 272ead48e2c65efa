package io.peerfix.orchestration;

import io.peerfix.diagnosis.NodeVerdict;
import io.peerfix.diagnosis.ProbeView;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.vpc.PathVerdict;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The likely cause from the model alone (each node's nat table and the AWS path for the source the
 * pod's packet leaves with, and for the node's own), before any pod probe answers. Per node: a host
 * probe that could not resolve the name or was refused says so; a pod path the AWS model lets
 * through is healthy; a blocked pod path while the node's own path gets through means only the
 * source differs (POD_SOURCE_NOT_MASQUERADED, unless the block is the address plan or DNS itself);
 * both blocked, the hop that drops the node's packet. The cluster's answer is the cause of most
 * failing nodes, HEALTHY when none fails, nothing when no node could be modelled.
 */
final class FirstAnswer {
  private FirstAnswer() {}

  static Optional<RootCause> of(List<NodeVerdict> nodes) {
    Map<RootCause, Integer> failing = new EnumMap<>(RootCause.class);
    boolean anyHealthy = false;
    for (NodeVerdict node : nodes) {
      Optional<RootCause> cause = of(node);
      if (cause.isEmpty()) {
        continue;
      }
      if (cause.get() == RootCause.HEALTHY) {
        anyHealthy = true;
      } else {
        failing.merge(cause.get(), 1, Integer::sum);
      }
    }
    if (failing.isEmpty()) {
      return anyHealthy ? Optional.of(RootCause.HEALTHY) : Optional.empty();
    }
    return failing.entrySet().stream()
        .max(Comparator.comparingInt(Map.Entry<RootCause, Integer>::getValue))
        .map(Map.Entry::getKey);
  }

  /** One node's likely cause, empty when the model could not evaluate its pod's path. */
  static Optional<RootCause> of(NodeVerdict node) {
    if (node.hostProbe() != null && node.hostProbe().dnsFailed()) {
      return Optional.of(RootCause.DNS_FAILURE);
    }
    if (node.hostProbe() == ProbeView.REFUSED) {
      return Optional.of(RootCause.CONNECTION_REFUSED);
    }
    PathVerdict pod = node.podPath();
    if (pod == null || pod == PathVerdict.UNKNOWN) {
      return Optional.empty();
    }
    if (pod == PathVerdict.REACHABLE) {
      return Optional.of(RootCause.HEALTHY);
    }
    if (pod == PathVerdict.DNS_RESOLVES_PUBLIC || pod == PathVerdict.CIDR_OVERLAP) {
      return Optional.of(RootCause.of(pod));
    }
    PathVerdict host = node.hostPath();
    if (host == PathVerdict.REACHABLE) {
      return Optional.of(RootCause.POD_SOURCE_NOT_MASQUERADED);
    }
    if (host == null || host == PathVerdict.UNKNOWN) {
      return Optional.of(RootCause.of(pod));
    }
    // The peering not carrying the node's own VPC address contradicts the AWS view itself.
    return Optional.of(
        host == PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING ? RootCause.UNKNOWN : RootCause.of(host));
  }
}
