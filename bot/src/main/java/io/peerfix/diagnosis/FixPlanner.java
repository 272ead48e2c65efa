package io.peerfix.diagnosis;

import io.peerfix.net.Cidr;
import io.peerfix.vpc.AwsFix;
import io.peerfix.vpc.Hop;
import io.peerfix.vpc.HopCheck;
import io.peerfix.vpc.PathEvaluation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ranks the fixes for a decision, best first. For pods leaving unmasqueraded: the node fix (one
 * masquerade rule for the database's address: smallest, immediate, the one the agent applies after
 * approval), then the lasting fix for the plugin found (so the rule is not needed forever), then
 * the wider node rule for the whole peer range. For AWS causes: the AWS changes of the deciding
 * hop, then those of hops that would block next. Other causes get advice naming what to change.
 */
final class FixPlanner {
  private FixPlanner() {}

  static List<Fix> plan(Decision decision, DiagnosisContext ctx) {
    return switch (decision.cause()) {
      case POD_SOURCE_NOT_MASQUERADED -> masquerade(decision, ctx);
      case SECURITY_GROUP_BLOCKS,
              NO_ROUTE_TO_PEER,
              NO_ROUTE_BACK,
              PEERING_NOT_ACTIVE,
              NETWORK_ACL_BLOCKS ->
          aws(decision.path());
      case DNS_RESOLVES_PUBLIC -> dnsPublic(decision, ctx);
      case DNS_FAILURE -> List.of(dnsFailure(ctx));
      case CIDR_OVERLAP -> overlap(decision, ctx);
      case CONNECTION_REFUSED -> List.of(refused(ctx));
      case HEALTHY, UNKNOWN -> List.of();
    };
  }

  private static List<Fix> masquerade(Decision decision, DiagnosisContext ctx) {
    List<Fix> fixes = new ArrayList<>();
    if (ctx.destination() == null || decision.affected().isEmpty()) {
      return fixes;
    }
    String target = ctx.target().name();
    Map<NodeAnalysis, String> fingerprints = NodeFixes.fingerprints(decision.affected());
    fixes.addAll(
        NodeFixes.forAddress(
            target,
            ctx.diagnosisId(),
            Cidr.of(ctx.destination()),
            decision.affected(),
            fingerprints));
    new CniFixes(ctx, decision.affected()).lasting().ifPresent(fixes::add);
    Cidr.firstContaining(ctx.peerCidrs(), ctx.destination())
        .ifPresent(
            range ->
                fixes.addAll(
                    NodeFixes.forRange(
                        target,
                        ctx.diagnosisId(),
                        range,
                        ctx.peerVpcId(),
                        decision.affected(),
                        fingerprints)));
    return fixes;
  }

  private static List<Fix> aws(PathEvaluation path) {
    if (path == null) {
      return List.of();
    }
    return path.fixes().stream().map(FixPlanner::awsFix).toList();
  }

  private static Fix awsFix(AwsFix fix) {
    return new AwsChange(fix);
  }

  /**
   * The name must resolve to the private address across the peering: only the DNS hop's changes
   * apply (a route for the public address through the peering could never work: a peering carries
   * no traffic to the peer's public addresses).
   */
  private static List<Fix> dnsPublic(Decision decision, DiagnosisContext ctx) {
    List<Fix> fixes = new ArrayList<>();
    if (decision.path() != null) {
      decision
          .path()
          .hop(Hop.DNS_ANSWER)
          .filter(HopCheck::blocks)
          .ifPresent(h -> h.fixes().stream().map(FixPlanner::awsFix).forEach(fixes::add));
    }
    if (fixes.isEmpty()) {
      fixes.add(
          new Advice(
              FixKind.DNS,
              "DNS",
              "make "
                  + ctx.target().host()
                  + " resolve to the database's private address from the cluster: on the VPC"
                  + " peering connection, set AllowDnsResolutionFromRemoteVpc on the database"
                  + " VPC's side (--accepter-peering-connection-options when the database VPC"
                  + " accepted the peering, --requester-peering-connection-options when it"
                  + " requested it), with DNS resolution and DNS host names enabled in both VPCs"
                  + " and the cluster using the VPC resolver; or have the cluster's resolver"
                  + " answer with the private address",
              "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id"
                  + " <pcx-id> --accepter-peering-connection-options"
                  + " AllowDnsResolutionFromRemoteVpc=true"));
    }
    return fixes;
  }

  private static Fix dnsFailure(DiagnosisContext ctx) {
    String host = ctx.target().host();
    String endpoint =
        ctx.database() != null && ctx.database().endpointHost() != null
            ? ctx.database().endpointHost()
            : null;
    String scope = "target " + ctx.target().name();
    if (endpoint != null && !endpoint.equalsIgnoreCase(host)) {
      return new Advice(
          FixKind.DNS,
          scope,
          "the name "
              + host
              + " does not resolve: point the target at the database's endpoint "
              + endpoint,
          "host: " + endpoint);
    }
    if (endpoint != null) {
      return new Advice(
          FixKind.DNS,
          scope,
          "the name "
              + host
              + " is the database's own endpoint, yet the cluster's resolver says it does not"
              + " exist: make the resolver the nodes and pods use answer for it (the VPC resolver,"
              + " or a forwarder to it, for the database's zone), then diagnose again",
          "getent hosts " + host + "   # from a node: must print the database's address");
    }
    return new Advice(
        FixKind.DNS,
        scope,
        "the name "
            + host
            + " does not resolve: correct the target's host (check it against the database's"
            + " endpoint), or the DNS record or resolver that should answer for it",
        "aws rds describe-db-instances --query 'DBInstances[].Endpoint.Address'");
  }

  private static List<Fix> overlap(Decision decision, DiagnosisContext ctx) {
    List<Fix> fixes = new ArrayList<>();
    // Named as the peer VPC: when the pod range equals it, two bare CIDRs read as nonsense.
    String peer =
        ctx.peerCidrs().isEmpty()
            ? "the peer VPC"
            : "the peer VPC (" + Texts.list(ctx.peerCidrs()) + ")";
    List<Cidr> pods = ctx.podRanges();
    fixes.add(
        new Advice(
            FixKind.ADDRESS_PLAN,
            "cluster address plan",
            "re-address the pods (or the peer VPC) so the pod range "
                + ctx.clusterPodRange().map(Cidr::toString).orElse(Texts.list(pods))
                + (pods.size() > 1 ? " (the nodes' " + Texts.list(pods) + ")" : "")
                + " no longer overlaps "
                + peer
                + "; no route or NAT rule can reach an address the node treats as its own pods'",
            "pod range: a block outside " + peer + " and the cluster VPC"));
    if (decision.path() != null) {
      decision.path().fixes().stream()
          .filter(AwsFix::hasCommand)
          .map(FixPlanner::awsFix)
          .forEach(fixes::add);
    }
    return fixes;
  }

  private static Fix refused(DiagnosisContext ctx) {
    String port =
        ctx.database() != null && ctx.database().port() > 0 && ctx.database().port() != ctx.port()
            ? "; the database listens on "
                + ctx.database().port()
                + ", the target says "
                + ctx.port()
            : "";
    return new Advice(
        FixKind.DATABASE,
        "database " + ctx.destinationText(),
        "nothing accepts connections on "
            + ctx.destinationText()
            + ": start the database, or point the target at the port it listens on"
            + port,
        "port: "
            + (ctx.database() != null && ctx.database().port() > 0
                ? ctx.database().port()
                : ctx.port()));
  }
}
