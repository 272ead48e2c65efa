package io.peerfix.vpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates one TCP path through an {@link AwsNetwork} in both directions: the request from the
 * source to the database and the reply back, hop by hop (see {@link Hop}), with evidence naming the
 * AWS ids that decide and the AWS change that fixes each blocking hop. Every applicable hop is
 * checked, also after a blocking one, so the result lists everything that stands in the way.
 *
 * <p>Rules follow the VPC router: longest-prefix match per subnet route table (explicit
 * association, else the main table; blackhole routes match and drop), peering connections carry
 * only packets whose source lies in the sending VPC's CIDRs, security groups are stateful (a group
 * reference admits only instances in that group), network ACLs are stateless and first-match by
 * rule number, and replies go to the client's ephemeral port.
 */
public final class PathEvaluator {

  /**
   * Checks every hop of {@code query}'s path through {@code network}.
   *
   * @throws IllegalArgumentException when the query's addresses are not IPv4 addresses
   */
  public PathEvaluation evaluate(AwsNetwork network, PathQuery query) {
    PathContext ctx = new PathContext(network, query);
    List<HopCheck> hops = new ArrayList<>();
    hops.add(AddressPlanChecks.dnsAnswer(ctx));
    hops.add(AddressPlanChecks.cidrPlan(ctx));
    SecurityGroupChecks.sourceEgress(ctx).ifPresent(hops::add);
    Optional<Route> route = RouteChecks.outboundRoute(ctx);
    PeeringChecks.state(ctx, route).ifPresent(hops::add);
    hops.add(RouteChecks.toPeer(ctx));
    PeeringChecks.carriesSource(ctx, route).ifPresent(hops::add);
    AclChecks.sourceOut(ctx).ifPresent(hops::add);
    AclChecks.targetIn(ctx).ifPresent(hops::add);
    hops.add(SecurityGroupChecks.targetIngress(ctx));
    hops.add(RouteChecks.back(ctx));
    AclChecks.targetOut(ctx).ifPresent(hops::add);
    AclChecks.sourceIn(ctx).ifPresent(hops::add);
    return new PathEvaluation(
        query,
        hops.stream()
            .map(
                h ->
                    h.hop().direction() == Hop.Direction.REQUEST
                        ? h.between(ctx.source, ctx.destination)
                        : h.between(ctx.destination, ctx.source))
            .toList());
  }
}
