package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import java.util.List;
import java.util.Optional;

/**
 * The peering the path uses: its state, and whether it carries the source. A peering only carries
 * packets whose source lies in a CIDR of the sending VPC; others are dropped silently.
 */
final class PeeringChecks {
  private PeeringChecks() {}

  /**
   * The peering the path would use: the one the cluster route names when it joins the two VPCs and
   * is active; else the active peering between them (what a repaired route would use); else the
   * named one or any peering between them, whatever its state.
   */
  static Optional<PeeringConnection> usedPeering(PathContext ctx, Optional<Route> route) {
    Optional<PeeringConnection> named =
        route
            .filter(r -> r.targetKind() == RouteTargetKind.PEERING)
            .flatMap(r -> ctx.peering(r.targetId()))
            .filter(
                p -> ctx.peerVpc.map(v -> p.connects(ctx.clusterVpc.id(), v.id())).orElse(true));
    if (named.map(p -> p.status() == PeeringStatus.ACTIVE).orElse(false)) {
      return named;
    }
    return ctx.activePeering()
        .or(() -> named)
        .or(() -> ctx.peeringsBetweenVpcs().stream().findFirst());
  }

  static Optional<HopCheck> state(PathContext ctx, Optional<Route> route) {
    if (ctx.sameVpc() || routesAroundPeering(route)) {
      return Optional.empty();
    }
    Optional<PeeringConnection> used = usedPeering(ctx, route);
    if (used.isEmpty()) {
      return Optional.of(missingPeering(ctx, route));
    }
    PeeringConnection p = used.get();
    return Optional.of(stateOf(ctx, p).citing(p.id()).decidedBy(p.status()));
  }

  private static HopCheck stateOf(PathContext ctx, PeeringConnection p) {
    String joins = " (" + p.requester().vpcId() + " -> " + p.accepter().vpcId() + ")";
    String message = statusMessage(p);
    return switch (p.status()) {
      case ACTIVE -> HopCheck.pass(Hop.PEERING, "peering " + p.id() + joins + " is active");
      case PENDING_ACCEPTANCE ->
          HopCheck.block(
              Hop.PEERING,
              PathVerdict.PEERING_NOT_ACTIVE,
              "peering "
                  + p.id()
                  + joins
                  + " is pending-acceptance: the accepter "
                  + p.accepter().vpcId()
                  + " has not accepted it, so it carries nothing"
                  + message,
              List.of(AwsFixes.acceptPeering(p)));
      case INITIATING_REQUEST, PROVISIONING ->
          HopCheck.block(
              Hop.PEERING,
              PathVerdict.PEERING_NOT_ACTIVE,
              "peering "
                  + p.id()
                  + joins
                  + " is "
                  + p.status().code()
                  + " and carries nothing yet"
                  + message,
              List.of(AwsFix.advice("wait for peering " + p.id() + " to become active")));
      case UNKNOWN ->
          HopCheck.unknown(
              Hop.PEERING, "peering " + p.id() + joins + " has an unknown state" + message);
      default ->
          HopCheck.block(
              Hop.PEERING,
              PathVerdict.PEERING_NOT_ACTIVE,
              "peering "
                  + p.id()
                  + joins
                  + " is "
                  + p.status().code()
                  + " and carries nothing"
                  + message,
              List.of(recreate(ctx, p)));
    };
  }

  static Optional<HopCheck> carriesSource(PathContext ctx, Optional<Route> route) {
    if (ctx.sameVpc() || routesAroundPeering(route)) {
      return Optional.empty();
    }
    Optional<PeeringConnection> used = usedPeering(ctx, route);
    if (used.isEmpty()) {
      return Optional.empty();
    }
    PeeringConnection p = used.get();
    Optional<PeeringSide> clusterSide = p.side(ctx.clusterVpc.id());
    List<Cidr> carried =
        clusterSide
            .map(PeeringSide::cidrs)
            .filter(c -> !c.isEmpty())
            .orElse(ctx.clusterVpc.cidrs());
    return Optional.of(carries(ctx, p, carried).citing(p.id()));
  }

  private static HopCheck carries(PathContext ctx, PeeringConnection p, List<Cidr> carried) {
    Optional<Cidr> match = Cidr.firstContaining(carried, ctx.source);
    String carriedText = Words.list(carried);
    if (match.isPresent()) {
      return HopCheck.pass(
          Hop.SOURCE_CARRIED_BY_PEERING,
          "peering "
              + p.id()
              + " carries "
              + ctx.clusterVpc.id()
              + "'s "
              + carriedText
              + ", which contains the source "
              + ctx.sourceText());
    }
    return HopCheck.block(
        Hop.SOURCE_CARRIED_BY_PEERING,
        PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING,
        "peering "
            + p.id()
            + " only carries "
            + carriedText
            + " from "
            + ctx.clusterVpc.id()
            + "; the source "
            + ctx.sourceText()
            + " is outside it, so AWS drops the packet",
        List.of(
            AwsFix.advice(
                "make packets to "
                    + ctx.destinationText()
                    + " leave with the node's address"
                    + " (masquerade them on the node), or give pods addresses from a CIDR"
                    + " associated with "
                    + ctx.clusterVpc.id())));
  }

  /** True when the best route deliberately avoids the peering (local or transit gateway). */
  static boolean routesAroundPeering(Optional<Route> route) {
    return route
        .map(
            r ->
                r.state() == RouteState.ACTIVE
                    && (r.targetKind() == RouteTargetKind.LOCAL
                        || r.targetKind() == RouteTargetKind.TRANSIT_GATEWAY))
        .orElse(false);
  }

  private static HopCheck missingPeering(PathContext ctx, Optional<Route> route) {
    if (ctx.peerVpc.isEmpty()) {
      return HopCheck.unknown(
          Hop.PEERING, "the database's VPC is unknown, so the peering to it cannot be found");
    }
    if (ctx.network.unread(AwsResource.PEERING_CONNECTIONS)) {
      return HopCheck.unknown(Hop.PEERING, "peering connections could not be read");
    }
    String peerId = ctx.peerVpc.get().id();
    return HopCheck.block(
            Hop.PEERING,
            PathVerdict.PEERING_NOT_ACTIVE,
            "no peering connection joins "
                + ctx.clusterVpc.id()
                + " and "
                + peerId
                + route.map(r -> " (route " + r.text() + " leads elsewhere)").orElse(""),
            List.of(AwsFixes.createPeering(ctx.clusterVpc.id(), null, peerId)))
        .citing(ctx.clusterVpc.id(), peerId);
  }

  private static AwsFix recreate(PathContext ctx, PeeringConnection old) {
    String peerVpcId = old.otherSide(ctx.clusterVpc.id()).vpcId();
    return AwsFixes.createPeering(
        ctx.clusterVpc.id(), old.otherSide(ctx.clusterVpc.id()), peerVpcId);
  }

  /** EC2's status message in parentheses, unless it only repeats the status code. */
  private static String statusMessage(PeeringConnection p) {
    String text = p.statusMessage() == null ? "" : p.statusMessage().strip();
    String bare = text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]", "");
    if (text.isEmpty() || bare.equals(p.status().code().replaceAll("[^a-z]", ""))) {
      return "";
    }
    return " (EC2 says: " + text + ")";
  }
}
