package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The DNS answer and the address plan: checks that need no route table, ACL or group. */
final class AddressPlanChecks {
  private AddressPlanChecks() {}

  /**
   * Whether the destination (the DNS answer) is the database's private address, citing the
   * database's DNS name when the view has the database.
   */
  static HopCheck dnsAnswer(PathContext ctx) {
    HopCheck check = uncitedDnsAnswer(ctx);
    return ctx.network.findDatabase().map(db -> check.citing(db.endpointHost())).orElse(check);
  }

  private static HopCheck uncitedDnsAnswer(PathContext ctx) {
    String dest = ctx.destinationText();
    Optional<DbInstance> db = ctx.network.findDatabase();
    if (ctx.destination.isPublic()) {
      return HopCheck.block(
          Hop.DNS_ANSWER,
          PathVerdict.DNS_RESOLVES_PUBLIC,
          publicAnswerEvidence(ctx, db),
          publicAnswerFixes(ctx));
    }
    if (db.isPresent()
        && !db.get().privateIps().isEmpty()
        && !db.get().privateIps().contains(ctx.destination)) {
      return HopCheck.unknown(
          Hop.DNS_ANSWER,
          "the destination "
              + dest
              + " is not an address of database "
              + db.get().identifier()
              + " ("
              + Words.list(db.get().privateIps())
              + "): a stale DNS answer or another host");
    }
    String where =
        ctx.peerVpc
            .flatMap(
                v ->
                    Cidr.firstContaining(v.cidrs(), ctx.destination)
                        .map(c -> v.id() + " (" + c + ")"))
            .map(w -> ", inside " + w)
            .orElse("");
    return HopCheck.pass(
        Hop.DNS_ANSWER, "the destination " + dest + " is a private address" + where);
  }

  /**
   * Whether the ranges involved overlap in a way that breaks this path: the destination inside the
   * pod range or the cluster VPC (the node keeps it local), or the source inside the peer VPC (the
   * peer keeps replies local), or the two VPCs overlapping (no peering can carry them).
   */
  static HopCheck cidrPlan(PathContext ctx) {
    return uncitedCidrPlan(ctx).citing(ctx.clusterVpc.id(), ctx.peerVpc.map(Vpc::id).orElse(null));
  }

  private static HopCheck uncitedCidrPlan(PathContext ctx) {
    List<String> problems = new ArrayList<>();
    Cidr podCidr = ctx.query.podCidr();
    Optional<Vpc> peer = ctx.peerVpc.filter(v -> !ctx.sameVpc());
    if (podCidr != null && podCidr.contains(ctx.destination)) {
      problems.add(
          "the destination "
              + ctx.destinationText()
              + " lies inside the pod range "
              + podCidr
              + ", so the node routes it to its own pods");
    }
    peer.ifPresent(
        v -> {
          for (Cidr clusterCidr : ctx.clusterVpc.cidrs()) {
            for (Cidr peerCidr : v.cidrs()) {
              if (clusterCidr.overlaps(peerCidr)) {
                problems.add(
                    ctx.clusterVpc.id()
                        + " ("
                        + clusterCidr
                        + ") overlaps "
                        + v.id()
                        + " ("
                        + peerCidr
                        + "): a peering cannot route between overlapping ranges");
              }
            }
          }
          Cidr.firstContaining(v.cidrs(), ctx.source)
              .ifPresent(
                  c ->
                      problems.add(
                          "the source "
                              + ctx.sourceText()
                              + " lies inside "
                              + v.id()
                              + " ("
                              + c
                              + "), so replies stay in "
                              + v.id()));
        });
    if (problems.isEmpty()) {
      return HopCheck.pass(
          Hop.CIDR_PLAN, "no overlap breaks this path" + harmlessOverlaps(ctx, peer));
    }
    return HopCheck.block(
        Hop.CIDR_PLAN,
        PathVerdict.CIDR_OVERLAP,
        String.join("; ", problems),
        List.of(
            AwsFix.advice(
                "re-address one side so the ranges no longer overlap (e.g. a pod range outside "
                    + peer.map(v -> Words.list(v.cidrs())).orElse("the peer VPC")
                    + "); no AWS setting can route between overlapping ranges")));
  }

  /** Overlaps that do not break this path (e.g. a masqueraded source) but are worth knowing. */
  private static String harmlessOverlaps(PathContext ctx, Optional<Vpc> peer) {
    Cidr podCidr = ctx.query.podCidr();
    if (podCidr == null || peer.isEmpty()) {
      return "";
    }
    List<Cidr> overlapping = peer.get().cidrs().stream().filter(c -> podCidr.overlaps(c)).toList();
    return overlapping.isEmpty()
        ? ""
        : " (the pod range "
            + podCidr
            + " overlaps "
            + peer.get().id()
            + " ("
            + Words.list(overlapping)
            + "): unmasqueraded pod traffic would not get replies)";
  }

  private static String publicAnswerEvidence(PathContext ctx, Optional<DbInstance> db) {
    StringBuilder text =
        new StringBuilder("the destination ")
            .append(ctx.destinationText())
            .append(" is a public address");
    ctx.peerVpc.ifPresent(
        v ->
            text.append(", outside ")
                .append(v.id())
                .append(" (")
                .append(Words.list(v.cidrs()))
                .append(")"));
    db.ifPresent(
        d ->
            text.append(
                d.publiclyAccessible()
                    ? "; database "
                        + d.identifier()
                        + " is publicly accessible, so its name "
                        + d.endpointHost()
                        + " resolves to its public address outside its VPC"
                    : "; database "
                        + d.identifier()
                        + " is not publicly accessible, so this"
                        + " answer does not come from its endpoint"));
    text.append("; the traffic leaves through the internet path, not the peering");
    ctx.activePeering().ifPresent(p -> text.append(peeringDnsNote(ctx, p)));
    return text.toString();
  }

  /** Whether the peering lets the database VPC's names resolve privately from the cluster. */
  private static String peeringDnsNote(PathContext ctx, PeeringConnection p) {
    Optional<PeeringSide> dbSide = ctx.peerVpc.flatMap(v -> p.side(v.id()));
    if (dbSide.isEmpty()) {
      return "";
    }
    String vpc = dbSide.get().vpcId();
    return dbSide.get().allowDnsResolutionFromRemoteVpc()
        ? " (peering "
            + p.id()
            + " already lets "
            + vpc
            + "'s names resolve privately from the"
            + " peer: check that the cluster uses the VPC resolver)"
        : " (peering "
            + p.id()
            + " does not let "
            + vpc
            + "'s names resolve to private addresses"
            + " from the peer)";
  }

  private static List<AwsFix> publicAnswerFixes(PathContext ctx) {
    Optional<PeeringConnection> peering = ctx.activePeering();
    if (peering.isPresent() && ctx.peerVpc.isPresent()) {
      PeeringConnection p = peering.get();
      Optional<PeeringSide> side = p.side(ctx.peerVpc.get().id());
      if (side.isPresent() && !side.get().allowDnsResolutionFromRemoteVpc()) {
        boolean peerIsRequester = p.requester().vpcId().equals(ctx.peerVpc.get().id());
        return List.of(AwsFixes.allowPeeringDns(p, peerIsRequester));
      }
    }
    return List.of(
        AwsFix.advice(
            "make the cluster resolve the database's name to its private address: use the VPC"
                + " resolver (AmazonProvidedDNS) with peering DNS resolution enabled, or connect"
                + " to the private address"));
  }
}
