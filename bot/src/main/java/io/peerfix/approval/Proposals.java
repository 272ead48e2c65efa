package io.peerfix.approval;

import io.peerfix.diagnosis.NodeObservation;
import io.peerfix.diagnosis.Observations;
import io.peerfix.fix.AllowedDestinations;
import io.peerfix.fix.NodeFix;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.orchestration.DiagnosisRun;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.Vpc;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a finished diagnosis offers to propose: its node fix, and the destinations that fix may
 * point at, taken from the observations rather than from the fix itself: the database's address
 * (from the AWS view, else from what the probes resolved), the peer VPC's ranges, and the cluster's
 * own ranges (VPC and pods) that no fix may touch.
 */
public final class Proposals {
  private Proposals() {}

  /** The node fix and its allowed destinations, when the diagnosis has a node fix. */
  public record Proposal(NodeFix fix, AllowedDestinations allowed) {}

  public static Optional<Proposal> of(DiagnosisRun run) {
    Observations seen = run.observations();
    Optional<NodeFix> fix = run.diagnosis().nodeFix();
    Optional<Ipv4> target = targetAddress(seen);
    if (fix.isEmpty() || target.isEmpty()) {
      return Optional.empty();
    }
    List<Cidr> peer = new ArrayList<>();
    Set<Cidr> cluster = new LinkedHashSet<>();
    Optional<AwsNetwork> aws = seen.findAws();
    aws.flatMap(AwsNetwork::findPeerVpc).map(Vpc::cidrs).ifPresent(peer::addAll);
    aws.map(AwsNetwork::clusterVpc).map(Vpc::cidrs).ifPresent(cluster::addAll);
    if (seen.clusterPodCidr() != null) {
      addTo(cluster, seen.clusterPodCidr());
    }
    for (NodeObservation node : seen.nodes()) {
      if (node.node().podCidr() != null) {
        addTo(cluster, node.node().podCidr());
      }
    }
    return Optional.of(
        new Proposal(fix.get(), new AllowedDestinations(target.get(), peer, List.copyOf(cluster))));
  }

  private static Optional<Ipv4> targetAddress(Observations seen) {
    Optional<Ipv4> fromAws =
        seen.findAws()
            .flatMap(AwsNetwork::findDatabase)
            .flatMap(db -> db.privateIps().stream().findFirst());
    if (fromAws.isPresent()) {
      return fromAws;
    }
    return seen.nodes().stream()
        .filter(n -> n.podProbe() != null && n.podProbe().dns() != null)
        .flatMap(n -> n.podProbe().dns().addresses().stream())
        .map(Proposals::ipv4)
        .flatMap(Optional::stream)
        .findFirst()
        .or(() -> ipv4(seen.target().host()));
  }

  private static Optional<Ipv4> ipv4(String text) {
    try {
      return Optional.of(Ipv4.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void addTo(Set<Cidr> to, String text) {
    Cidr.tryParse(text).ifPresent(to::add);
  }
}
