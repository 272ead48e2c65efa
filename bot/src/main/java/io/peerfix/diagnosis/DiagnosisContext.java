package io.peerfix.diagnosis;

import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeResult;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.DbInstance;
import io.peerfix.vpc.Vpc;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What every node's analysis shares: the diagnosis id, the target, the address the name resolved to
 * (null when no probe resolved it), the address the model sends packets to (the DNS answer, else
 * the database's private address), and the AWS view's CIDRs and database.
 */
record DiagnosisContext(
    Observations observations,
    String diagnosisId,
    String dnsAnswer,
    String destination,
    AwsNetwork aws,
    List<String> clusterCidrs,
    List<String> peerCidrs,
    String peerVpcId,
    DbInstance database) {

  static DiagnosisContext of(Observations obs, String diagnosisId) {
    AwsNetwork aws = obs.aws();
    DbInstance db = aws == null ? null : aws.database();
    String answer = dnsAnswer(obs);
    String destination = answer;
    if (destination == null && db != null && !db.privateIps().isEmpty()) {
      destination = db.privateIps().get(0).toString();
    }
    Optional<Vpc> peer = aws == null ? Optional.empty() : aws.findPeerVpc();
    return new DiagnosisContext(
        obs,
        diagnosisId,
        answer,
        destination,
        aws,
        aws == null ? List.of() : texts(aws.clusterVpc().cidrs()),
        peer.map(Vpc::cidrs).map(DiagnosisContext::texts).orElse(List.of()),
        peer.map(Vpc::id).orElse(null),
        db);
  }

  /** The first address any probe resolved the name to, pods first; the host itself if literal. */
  private static String dnsAnswer(Observations obs) {
    List<ProbeResult> probes = new ArrayList<>();
    obs.nodes().forEach(n -> probes.add(n.podProbe()));
    obs.nodes().forEach(n -> probes.add(n.hostProbe()));
    return probes.stream()
        .filter(Objects::nonNull)
        .map(ProbeResult::dns)
        .filter(Objects::nonNull)
        .filter(d -> d.status() == DnsStatus.RESOLVED || d.status() == DnsStatus.LITERAL)
        .flatMap(d -> d.addresses().stream())
        .findFirst()
        .orElse(Cidrs.isAddress(obs.target().host()) ? obs.target().host() : null);
  }

  private static List<String> texts(List<?> values) {
    return values.stream().map(Object::toString).toList();
  }

  DiagnosisTarget target() {
    return observations.target();
  }

  int port() {
    return target().port();
  }

  boolean hasAws() {
    return aws != null;
  }

  /** The database's private addresses, when the AWS view knows them. */
  List<String> databaseIps() {
    return database == null ? List.of() : texts(database.privateIps());
  }

  /** "10.0.5.20:5432", or the host name when nothing resolved. */
  String destinationText() {
    return (destination == null ? target().host() : destination) + ":" + port();
  }

  /** The pod ranges of all nodes, distinct, in node order. */
  List<String> podRanges() {
    return observations.nodes().stream()
        .flatMap(
            n ->
                Stream.of(n.facts() == null ? null : n.facts().podCidr(), n.node().podCidr())
                    .filter(Objects::nonNull)
                    .limit(1))
        .distinct()
        .toList();
  }

  /** The cluster's pod range: as given, else the smallest block covering every node's range. */
  Optional<String> clusterPodRange() {
    if (observations.clusterPodCidr() != null) {
      return Optional.of(observations.clusterPodCidr());
    }
    return Cidrs.cover(podRanges());
  }
}
