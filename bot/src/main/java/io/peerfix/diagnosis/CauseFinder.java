package io.peerfix.diagnosis;

import io.peerfix.common.Counted;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.ProbeResult;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopCheck;
import io.peerfix.vpc.PathEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Works out one root cause from the analysed nodes, in the order that tells apart causes which all
 * look like a timeout from the pod: every pod connected (healthy), then DNS, the address plan,
 * refusal, and finally node by node (pod fails while the node works: the pod's source; both fail:
 * the AWS hop that drops the node's own packet).
 */
final class CauseFinder {
  private final DiagnosisContext ctx;
  private final List<NodeAnalysis> nodes;
  private final Assessment assessment;

  CauseFinder(DiagnosisContext ctx, List<NodeAnalysis> nodes, Assessment assessment) {
    this.ctx = ctx;
    this.nodes = nodes;
    this.assessment = assessment;
  }

  Decision find() {
    List<NodeAnalysis> probed = nodes.stream().filter(n -> n.pod().observed()).toList();
    if (probed.isEmpty()) {
      List<NodeAnalysis> broken =
          nodes.stream().filter(n -> n.pod() == ProbeView.PROBE_ERROR).toList();
      assessment.gap(
          broken.isEmpty()
              ? Evidence.gap("no pod probe ran, so nothing shows whether pods reach " + target())
              : Texts.grouped(broken, ProbeText::pod, "probes that could not run")
                  .append(
                      ": no pod probe observed the network, so nothing shows whether pods reach "
                          + target()));
      return Decision.of(RootCause.UNKNOWN);
    }
    if (probed.stream().allMatch(n -> n.pod().works())) {
      return healthy(probed);
    }
    return dnsFailure()
        .or(this::dnsAnswer)
        .or(this::overlap)
        .or(this::refused)
        .orElseGet(() -> new NodeCauses(ctx, failing(probed), assessment).decide());
  }

  private List<NodeAnalysis> failing(List<NodeAnalysis> probed) {
    List<NodeAnalysis> failing = probed.stream().filter(n -> n.pod().fails()).toList();
    List<NodeAnalysis> working = probed.stream().filter(n -> n.pod().works()).toList();
    if (!working.isEmpty()) {
      assessment.fact(
          Texts.grouped(
              working, ProbeText::pod, "pods connected on " + Counted.of(working.size(), "node")));
    }
    return failing;
  }

  private Decision healthy(List<NodeAnalysis> probed) {
    assessment.fact(Texts.grouped(probed, ProbeText::pod, "pods connected on every probed node"));
    List<NodeAnalysis> hostWorks = probed.stream().filter(n -> n.host().works()).toList();
    if (!hostWorks.isEmpty()) {
      assessment.fact(Texts.grouped(hostWorks, ProbeText::host, "nodes connected"));
    }
    NodeAnalysis first = probed.get(0);
    if (first.podPath() != null && first.podPath().reachable()) {
      assessment.fact(
          Causes.predicted(
                  "the pod's packet from node "
                      + first.name()
                      + " (source "
                      + NatText.leavingSource(first)
                      + ")",
                  first.podPath())
              .withNode(first.name()));
    }
    List<NodeAnalysis> hostFails = probed.stream().filter(n -> n.host().fails()).toList();
    if (!hostFails.isEmpty()) {
      assessment.disagreement(
          Texts.grouped(hostFails, ProbeText::host, "yet the node's own probe failed")
              .append(": pods and nodes should share the path to " + target()));
    }
    for (NodeAnalysis n : probed) {
      n.findPodPath()
          .filter(p -> !p.reachable() && p.decidingHop().isPresent())
          .ifPresent(
              p ->
                  assessment.disagreement(
                      Causes.predicted("the pod's packet from node " + n.name(), p)
                          .withNode(n.name())
                          .append(
                              ", yet its pod probe connected: the AWS view may be stale or"
                                  + " incomplete")));
    }
    awsGaps();
    return Decision.of(RootCause.HEALTHY);
  }

  /** Some probe could not resolve the name. */
  private Optional<Decision> dnsFailure() {
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
                                  + String.join(
                                      ", ", n.observation().hostProbe().dns().addresses()))
                          .withAddresses(addresses(n.observation().hostProbe().dns().addresses())),
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
  private Optional<Decision> dnsAnswer() {
    String answer = ctx.dnsAnswer();
    if (answer == null || Cidrs.isAddress(ctx.target().host())) {
      return Optional.empty();
    }
    boolean dbKnown = !ctx.databaseIps().isEmpty();
    boolean peerKnown = !ctx.peerCidrs().isEmpty();
    boolean notDb = dbKnown && !ctx.databaseIps().contains(answer);
    boolean outsidePeer = peerKnown && Cidrs.containing(ctx.peerCidrs(), answer).isEmpty();
    boolean isPublic = Cidrs.isPublic(answer);
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
          .append(String.join(", ", ctx.peerCidrs()))
          .append(")");
    }
    if (notDb) {
      line.append("; the database's private address is ")
          .append(String.join(", ", ctx.databaseIps()));
    }
    assessment.fact(
        Evidence.fact(line.toString())
            .withHop(Hop.DNS_ANSWER)
            .withAddress(Ipv4.tryParse(answer).orElse(null))
            .withAddresses(addresses(ctx.databaseIps()))
            .withAwsIds(ctx.peerVpcId() == null ? List.of() : List.of(ctx.peerVpcId())));
    PathEvaluation path = firstHostPath().orElse(null);
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

  /** A pod range overlaps the peer VPC, the VPCs overlap, or the database is in a pod range. */
  private Optional<Decision> overlap() {
    List<Evidence> problems = new ArrayList<>();
    for (String pods : ctx.podRanges()) {
      for (String peer : ctx.peerCidrs()) {
        if (Cidrs.overlaps(pods, peer)) {
          problems.add(
              Evidence.fact(
                      "the pod range " + pods + " overlaps " + ctx.peerVpcId() + " (" + peer + ")")
                  .withHop(Hop.CIDR_PLAN)
                  .withAwsIds(List.of(ctx.peerVpcId())));
        }
      }
      if (ctx.destination() != null && Cidrs.contains(pods, ctx.destination())) {
        problems.add(
            Evidence.fact(
                    "the database's address "
                        + ctx.destination()
                        + " lies inside the pod range "
                        + pods
                        + ", so that node delivers it to its own pods")
                .withHop(Hop.CIDR_PLAN)
                .withAddress(Ipv4.tryParse(ctx.destination()).orElse(null)));
      }
    }
    if (ctx.peerVpcId() != null && !ctx.peerVpcId().equals(ctx.aws().clusterVpc().id())) {
      for (String cluster : ctx.clusterCidrs()) {
        for (String peer : ctx.peerCidrs()) {
          if (Cidrs.overlaps(cluster, peer)) {
            problems.add(
                Evidence.fact(
                        ctx.aws().clusterVpc().id()
                            + " ("
                            + cluster
                            + ") overlaps "
                            + ctx.peerVpcId()
                            + " ("
                            + peer
                            + ")")
                    .withHop(Hop.CIDR_PLAN)
                    .withAwsIds(List.of(ctx.aws().clusterVpc().id(), ctx.peerVpcId())));
          }
        }
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    problems.forEach(assessment::fact);
    List<NodeAnalysis> failed = nodes.stream().filter(n -> n.pod().fails()).toList();
    assessment.fact(Texts.grouped(failed, ProbeText::pod, "pod probes failed"));
    return Optional.of(new Decision(RootCause.CIDR_OVERLAP, failed, firstHostPath().orElse(null)));
  }

  /** The database's address sends RSTs: nothing listens on the port. */
  private Optional<Decision> refused() {
    List<NodeAnalysis> podRefused =
        nodes.stream().filter(n -> n.pod() == ProbeView.REFUSED).toList();
    List<NodeAnalysis> hostRefused =
        nodes.stream().filter(n -> n.host() == ProbeView.REFUSED).toList();
    if (podRefused.isEmpty() && hostRefused.isEmpty()) {
      return Optional.empty();
    }
    List<NodeAnalysis> refusedButHostWorks =
        podRefused.stream().filter(n -> n.host().works()).toList();
    if (!refusedButHostWorks.isEmpty()) {
      assessment.fact(Texts.grouped(refusedButHostWorks, ProbeText::pod, "pods were refused"));
      assessment.disagreement(
          Texts.grouped(refusedButHostWorks, ProbeText::host, "while the nodes connected")
              .append(
                  ": something between the pod and the database rejects the pod's connection"
                      + " (e.g. a REJECT rule), which peerfix does not model"));
      return Optional.of(Decision.of(RootCause.UNKNOWN));
    }
    if (!podRefused.isEmpty()) {
      assessment.fact(Texts.grouped(podRefused, ProbeText::pod, "pods were refused"));
    }
    if (!hostRefused.isEmpty()) {
      assessment.fact(Texts.grouped(hostRefused, ProbeText::host, "nodes were refused"));
    } else {
      assessment.gap("no node's own probe confirms the refusal");
    }
    List<NodeAnalysis> podTimedOut =
        nodes.stream().filter(n -> n.pod().fails() && n.pod() != ProbeView.REFUSED).toList();
    if (!podTimedOut.isEmpty()) {
      assessment.fact(
          Texts.grouped(podTimedOut, ProbeText::pod, "other pods failed differently")
              .append(": once the database listens, diagnose again"));
    }
    for (NodeAnalysis n : hostRefused.isEmpty() ? podRefused : hostRefused) {
      n.findHostPath()
          .filter(p -> p.decidingHop().isPresent())
          .ifPresent(
              p ->
                  assessment.disagreement(
                      Causes.predicted("node " + n.name() + "'s packet", p)
                          .withNode(n.name())
                          .append(
                              ", yet a RST came back from "
                                  + ctx.destinationText()
                                  + ": the AWS view may be stale or incomplete")));
    }
    List<NodeAnalysis> affected = new ArrayList<>(podRefused);
    hostRefused.stream().filter(n -> !affected.contains(n)).forEach(affected::add);
    return Optional.of(new Decision(RootCause.CONNECTION_REFUSED, affected, null));
  }

  private Optional<PathEvaluation> firstHostPath() {
    return nodes.stream()
        .map(NodeAnalysis::hostPath)
        .filter(p -> p != null)
        .findFirst()
        .or(() -> nodes.stream().map(NodeAnalysis::podPath).filter(p -> p != null).findFirst());
  }

  private static List<Ipv4> addresses(List<String> texts) {
    return texts.stream().map(Ipv4::tryParse).flatMap(Optional::stream).toList();
  }

  private String target() {
    return ctx.target().name() + " (" + ctx.destinationText() + ")";
  }

  private void awsGaps() {
    if (!ctx.hasAws()) {
      assessment.gap("no AWS view: the AWS path was not checked");
    } else {
      ctx.aws().warningTexts().forEach(assessment::gap);
    }
  }
}
