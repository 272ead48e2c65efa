package io.peerfix.diagnosis;

import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopCheck;
import io.peerfix.vpc.HopFinding;
import io.peerfix.vpc.PathEvaluation;
import io.peerfix.vpc.PathVerdict;
import java.util.List;
import java.util.Optional;

/**
 * The causes DNS decides: a lookup that failed, or a name that resolves to something other than the
 * database's private address inside the peer VPC.
 */
final class DnsCauses {
  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> nodes;
  private final Assessment assessment;

  DnsCauses(DiagnosisContext ctx, List<NodeAnalysis> nodes, Assessment assessment) {
    this.ctx = ctx;
    this.nodes = nodes;
    this.assessment = assessment;
  }

  /** Some probe could not resolve the name. */
  Optional<Decision> failure() {
    List<NodeAnalysis> podFailed = nodes.stream().filter(n -> n.pod().dnsFailed()).toList();
    if (podFailed.isEmpty()) {
      return Optional.empty();
    }
    assessment.fact(Texts.grouped(podFailed, ProbeText::pod, "lookups failed"));
    List<NodeAnalysis> hostResolved =
        nodes.stream().filter(n -> resolved(n.observation().hostProbe())).toList();
    if (!hostResolved.isEmpty()) {
      assessment.gap(
          Texts.grouped(
                  hostResolved,
                  n ->
                      ProbeText.host(n)
                          .withHeadline(
                              "node "
                                  + n.name()
                                  + "'s own lookup resolved "
                                  + ctx.target().host()
                                  + " to "
                                  + Texts.list(n.observation().hostProbe().dns().addresses()))
                          .withAddresses(n.observation().hostProbe().dns().addresses()),
                  "nodes resolved it")
              .append(": the pods' resolver answers differently from the nodes'"));
    }
    if (ctx.database() != null && ctx.database().endpointHost() != null) {
      if (!ctx.database().endpointHost().equalsIgnoreCase(ctx.target().host())) {
        assessment.fact(
            "the database "
                + ctx.database().identifier()
                + "'s endpoint is "
                + ctx.database().endpointHost()
                + ", not "
                + ctx.target().host());
      }
    }
    return Optional.of(new Decision(RootCause.DNS_FAILURE, podFailed, null));
  }

  private static boolean resolved(ProbeResult probe) {
    return probe != null
        && probe.dns() != null
        && probe.dns().status() == DnsStatus.RESOLVED
        && !probe.dns().addresses().isEmpty();
  }

  /** The name resolved, but not to the database's private address inside the peer VPC. */
  Optional<Decision> answer() {
    Ipv4 answer = ctx.dnsAnswer();
    if (answer == null || Ipv4.tryParse(ctx.target().host()).isPresent()) {
      return Optional.empty();
    }
    boolean dbKnown = !ctx.databaseIps().isEmpty();
    boolean peerKnown = !ctx.peerCidrs().isEmpty();
    boolean notDb = dbKnown && !ctx.databaseIps().contains(answer);
    boolean outsidePeer = peerKnown && Cidr.firstContaining(ctx.peerCidrs(), answer).isEmpty();
    boolean isPublic = answer.isPublic();
    boolean wrong = notDb || outsidePeer || (!dbKnown && !peerKnown && isPublic);
    if (!wrong) {
      return Optional.empty();
    }
    StringBuilder line =
        new StringBuilder(ctx.target().host()).append(" resolves to ").append(answer);
    if (isPublic) {
      line.append(", a public address");
    }
    if (outsidePeer) {
      line.append(", outside ")
          .append(ctx.peerVpcId())
          .append(" (")
          .append(Texts.list(ctx.peerCidrs()))
          .append(")");
    }
    if (notDb) {
      line.append("; the database's private address is ").append(Texts.list(ctx.databaseIps()));
    }
    assessment.fact(
        Evidence.fact(line.toString())
            .withHop(
                HopFinding.blocking(Hop.DNS_ANSWER, PathVerdict.DNS_RESOLVES_PUBLIC)
                    .citing(ctx.target().host())
                    .withAddresses(List.of(answer))
                    .withAddresses(ctx.databaseIps()))
            .withAddress(answer)
            .withAddresses(ctx.databaseIps())
            .withAwsIds(ctx.peerVpcId() == null ? List.of() : List.of(ctx.peerVpcId())));
    PathEvaluation path = CauseFinder.firstHostPath(nodes).orElse(null);
    if (path != null) {
      path.hop(Hop.DNS_ANSWER)
          .filter(HopCheck::blocks)
          .map(Causes::hop)
          .ifPresent(assessment::fact);
    }
    if (!isPublic || !(dbKnown || peerKnown)) {
      assessment.gap(
          isPublic
              ? "no AWS view: only the answer being public says it is not the database's private"
                  + " address"
              : "the answer is a private address that is not the database's: a stale record or"
                  + " another host");
    }
    List<NodeAnalysis> failed = nodes.stream().filter(n -> n.pod().fails()).toList();
    if (!failed.isEmpty()) {
      assessment.fact(Texts.grouped(failed, ProbeText::pod, "pod probes failed"));
    }
    return Optional.of(new Decision(RootCause.DNS_RESOLVES_PUBLIC, failed, path));
  }
}
