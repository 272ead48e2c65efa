package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import java.util.Optional;

/** The route to the peer in the cluster VPC and the route back in the peer VPC. */
final class RouteChecks {
  private RouteChecks() {}

  /** The cluster route for the destination, if the table is known and has one. */
  static Optional<Route> outboundRoute(PathContext ctx) {
    return ctx.sourceRouteTable().found().flatMap(t -> RouteLookup.bestRoute(t, ctx.destination));
  }

  /** The cluster's route to the destination, citing the table and the route that decides. */
  static HopCheck toPeer(PathContext ctx) {
    return cite(uncitedToPeer(ctx), ctx.sourceRouteTable(), ctx.destination);
  }

  /** The database's route back to the source, citing the table and the route that decides. */
  static HopCheck back(PathContext ctx) {
    return cite(uncitedBack(ctx), ctx.targetRouteTable(), ctx.source);
  }

  /**
   * The table a route hop read, the route that won the longest-prefix match (none: no route) and
   * that route's target (a peering, a gateway), when the table is known.
   */
  private static HopCheck cite(HopCheck check, Pick<RouteTable> pick, Ipv4 address) {
    if (pick.found().isEmpty()) {
      return check;
    }
    RouteTable table = pick.value();
    Optional<Route> best = RouteLookup.bestRoute(table, address);
    return check
        .citing(
            table.id(),
            best.filter(r -> r.targetKind() != RouteTargetKind.LOCAL)
                .map(Route::targetId)
                .orElse(null))
        .decidedBy(best.orElse(null));
  }

  private static HopCheck uncitedToPeer(PathContext ctx) {
    Pick<RouteTable> pick = ctx.sourceRouteTable();
    if (pick.found().isEmpty()) {
      return HopCheck.unknown(
          Hop.ROUTE_TO_PEER, "the cluster's route table is unknown: " + pick.how());
    }
    RouteTable table = pick.value();
    String subject = "route table " + table.id() + pick.how();
    Optional<Route> best = RouteLookup.bestRoute(table, ctx.destination);
    Cidr cidr = ctx.destinationCidrForFix();
    String peeringId = peeringIdForFix(ctx);
    if (best.isEmpty()) {
      return HopCheck.block(
          Hop.ROUTE_TO_PEER,
          PathVerdict.NO_ROUTE_TO_PEER,
          subject
              + " has no route for "
              + ctx.destinationText()
              + " (routes: "
              + RouteLookup.routesText(table)
              + ")",
          List.of(
              AwsFixes.createRoute(
                  table.id(), cidr, peeringId, "send the peer VPC through the peering")));
    }
    Route route = best.get();
    String via = subject + " sends " + ctx.destinationText() + " by route " + route.text();
    if (route.state() == RouteState.BLACKHOLE) {
      Optional<HopCheck> waiting = blackholeOfInactivePeering(ctx, Hop.ROUTE_TO_PEER, via, route);
      if (waiting.isPresent()) {
        return waiting.get();
      }
      return HopCheck.block(
          Hop.ROUTE_TO_PEER,
          PathVerdict.NO_ROUTE_TO_PEER,
          via + ", a blackhole (its target no longer exists), so the packet is dropped",
          List.of(
              AwsFixes.replaceRoute(
                  table.id(), route.destinationCidr(), peeringId, "the old target is gone")));
    }
    return switch (route.targetKind()) {
      case LOCAL ->
          ctx.sameVpc() || ctx.peerVpc.isEmpty()
              ? HopCheck.pass(
                  Hop.ROUTE_TO_PEER,
                  via + " (the destination is inside " + ctx.clusterVpc.id() + ")")
              : HopCheck.block(
                  Hop.ROUTE_TO_PEER,
                  PathVerdict.NO_ROUTE_TO_PEER,
                  via
                      + ": the destination counts as inside "
                      + ctx.clusterVpc.id()
                      + ", so it never reaches the peer VPC",
                  List.of(
                      AwsFix.advice(
                          "re-address so the peer VPC does not overlap " + ctx.clusterVpc.id())));
      case PEERING -> peeringRoute(ctx, table, route, via);
      case TRANSIT_GATEWAY ->
          HopCheck.pass(
              Hop.ROUTE_TO_PEER,
              via + " (a transit gateway; its own route tables are outside this view)");
      case INSTANCE, NETWORK_INTERFACE ->
          HopCheck.unknown(
              Hop.ROUTE_TO_PEER, via + ", an appliance whose forwarding is outside this view");
      default ->
          HopCheck.block(
              Hop.ROUTE_TO_PEER,
              PathVerdict.NO_ROUTE_TO_PEER,
              via + " (" + route.targetKind().text() + "), not to the peer VPC",
              List.of(
                  AwsFixes.createRoute(table.id(), cidr, peeringId, "a more specific route wins")));
    };
  }

  private static HopCheck uncitedBack(PathContext ctx) {
    Pick<RouteTable> pick = ctx.targetRouteTable();
    if (pick.found().isEmpty()) {
      return HopCheck.unknown(
          Hop.ROUTE_BACK, "the database's route table is unknown: " + pick.how());
    }
    RouteTable table = pick.value();
    String subject = "route table " + table.id() + pick.how();
    Optional<Route> best = RouteLookup.bestRoute(table, ctx.source);
    Cidr cidr = ctx.sourceCidrForFix();
    String peeringId = peeringIdForFix(ctx);
    if (best.isEmpty()) {
      return HopCheck.block(
          Hop.ROUTE_BACK,
          PathVerdict.NO_ROUTE_BACK,
          subject
              + " has no route back to "
              + ctx.sourceText()
              + " (routes: "
              + RouteLookup.routesText(table)
              + ")",
          List.of(
              AwsFixes.createRoute(
                  table.id(), cidr, peeringId, "send replies back through the peering")));
    }
    Route route = best.get();
    String via = subject + " sends replies to " + ctx.sourceText() + " by route " + route.text();
    if (route.state() == RouteState.BLACKHOLE) {
      Optional<HopCheck> waiting = blackholeOfInactivePeering(ctx, Hop.ROUTE_BACK, via, route);
      if (waiting.isPresent()) {
        return waiting.get();
      }
      return HopCheck.block(
          Hop.ROUTE_BACK,
          PathVerdict.NO_ROUTE_BACK,
          via + ", a blackhole (its target no longer exists), so replies are dropped",
          List.of(
              AwsFixes.replaceRoute(
                  table.id(), route.destinationCidr(), peeringId, "the old target is gone")));
    }
    return switch (route.targetKind()) {
      case LOCAL ->
          ctx.sameVpc()
              ? HopCheck.pass(Hop.ROUTE_BACK, via + " (same VPC)")
              : HopCheck.block(
                  Hop.ROUTE_BACK,
                  PathVerdict.NO_ROUTE_BACK,
                  via + ": replies stay inside " + table.vpcId(),
                  List.of(
                      AwsFix.advice(
                          "re-address so the source range does not overlap " + table.vpcId())));
      case PEERING -> {
        Optional<PeeringConnection> p = ctx.peering(route.targetId());
        if (p.isPresent() && !p.get().connects(table.vpcId(), ctx.clusterVpc.id())) {
          yield HopCheck.block(
              Hop.ROUTE_BACK,
              PathVerdict.NO_ROUTE_BACK,
              via
                  + ", but "
                  + p.get().id()
                  + " leads to "
                  + p.get().otherSide(table.vpcId()).vpcId()
                  + ", not "
                  + ctx.clusterVpc.id(),
              List.of(
                  AwsFixes.createRoute(
                      table.id(), cidr, peeringId, "replies must go to the cluster VPC")));
        }
        yield HopCheck.pass(Hop.ROUTE_BACK, via);
      }
      case TRANSIT_GATEWAY ->
          HopCheck.pass(
              Hop.ROUTE_BACK,
              via + " (a transit gateway; its own route tables are outside this view)");
      case INSTANCE, NETWORK_INTERFACE ->
          HopCheck.unknown(
              Hop.ROUTE_BACK, via + ", an appliance whose forwarding is outside this view");
      default ->
          HopCheck.block(
              Hop.ROUTE_BACK,
              PathVerdict.NO_ROUTE_BACK,
              via + " (" + route.targetKind().text() + "), not back through the peering",
              List.of(
                  AwsFixes.createRoute(table.id(), cidr, peeringId, "a more specific route wins")));
    };
  }

  private static HopCheck peeringRoute(PathContext ctx, RouteTable table, Route route, String via) {
    Optional<PeeringConnection> p = ctx.peering(route.targetId());
    if (p.isEmpty()) {
      return HopCheck.unknown(
          Hop.ROUTE_TO_PEER, via + ", a peering connection that is not in this view");
    }
    PeeringConnection peering = p.get();
    PeeringSide far = peering.otherSide(ctx.clusterVpc.id());
    boolean rightVpc = ctx.peerVpc.map(v -> v.id().equals(far.vpcId())).orElse(true);
    if (!rightVpc) {
      return HopCheck.block(
          Hop.ROUTE_TO_PEER,
          PathVerdict.NO_ROUTE_TO_PEER,
          via
              + ", but "
              + peering.id()
              + " leads to "
              + far.vpcId()
              + ", not "
              + ctx.peerVpc.get().id(),
          List.of(
              AwsFixes.createRoute(
                  table.id(),
                  ctx.destinationCidrForFix(),
                  peeringIdForFix(ctx),
                  "route the database's range to its own VPC")));
    }
    if (!far.cidrs().isEmpty() && Cidr.firstContaining(far.cidrs(), ctx.destination).isEmpty()) {
      return HopCheck.block(
          Hop.ROUTE_TO_PEER,
          PathVerdict.NO_ROUTE_TO_PEER,
          via
              + ", but "
              + peering.id()
              + " only carries "
              + Words.list(far.cidrs())
              + " of "
              + far.vpcId()
              + ", which does not contain "
              + ctx.destinationText(),
          List.of(AwsFix.advice("connect to an address inside " + Words.list(far.cidrs()))));
    }
    return HopCheck.pass(Hop.ROUTE_TO_PEER, via);
  }

  /**
   * The peering a route fix should name: the active one, else one on its way to active, else a
   * placeholder for the peering to create.
   */
  private static String peeringIdForFix(PathContext ctx) {
    return ctx.peeringsBetweenVpcs().stream()
        .filter(p -> ALIVE.contains(p.status()))
        .findFirst()
        .map(PeeringConnection::id)
        .orElse(AwsFixes.NEW_PEERING);
  }

  private static final java.util.Set<PeeringStatus> ALIVE =
      java.util.EnumSet.of(
          PeeringStatus.ACTIVE,
          PeeringStatus.PENDING_ACCEPTANCE,
          PeeringStatus.INITIATING_REQUEST,
          PeeringStatus.PROVISIONING);

  /**
   * A route through a peering that is not active shows as a blackhole until the peering is
   * accepted: the peering is the cause (its own hop says how to fix it), and pointing the route at
   * the peering it already points at would change nothing, so this hop proposes no change.
   */
  private static Optional<HopCheck> blackholeOfInactivePeering(
      PathContext ctx, Hop hop, String via, Route route) {
    if (route.targetKind() != RouteTargetKind.PEERING || route.targetId() == null) {
      return Optional.empty();
    }
    return ctx.peeringsBetweenVpcs().stream()
        .filter(p -> p.id().equals(route.targetId()) && p.status() != PeeringStatus.ACTIVE)
        .findFirst()
        .map(
            p ->
                HopCheck.block(
                    hop,
                    PathVerdict.PEERING_NOT_ACTIVE,
                    via
                        + ", a blackhole while peering "
                        + p.id()
                        + " is "
                        + p.status().code()
                        + "; the route carries traffic once the peering is active",
                    List.of()));
  }
}
