package io.peerfix.vpc;

import static io.peerfix.vpc.RouteTargetKind.INTERNET_GATEWAY;
import static io.peerfix.vpc.RouteTargetKind.LOCAL;
import static io.peerfix.vpc.RouteTargetKind.PEERING;
import static io.peerfix.vpc.RouteTargetKind.TRANSIT_GATEWAY;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteRulesTest {

  @Test
  void aClusterTableWithoutARouteToThePeerBlocksAndNamesItsRoutes() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-k8s",
                Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"),
                Route.active(Cidr.parse("192.168.0.0/16"), PEERING, "pcx-1"));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.NO_ROUTE_TO_PEER);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .isEqualTo(
            "route table rtb-k8s of subnet subnet-k8s-a (main route table of vpc-k8s) has no route"
                + " for 10.0.5.20 (routes: 172.20.0.0/16 -> local, 192.168.0.0/16 -> pcx-1)");
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 create-route --route-table-id rtb-k8s --destination-cidr-block 10.0.0.0/16"
                + " --vpc-peering-connection-id pcx-1");
  }

  @Test
  void aDefaultRouteToTheInternetGatewayDoesNotReachThePeer() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-k8s",
                Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"),
                Route.active(Cidr.parse("0.0.0.0/0"), INTERNET_GATEWAY, "igw-1"));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.NO_ROUTE_TO_PEER);
    assertThat(hop.evidence())
        .contains("by route 0.0.0.0/0 -> igw-1 (internet gateway), not to the peer VPC");
  }

  @Test
  void theLongestPrefixWinsEvenWhenItIsABlackhole() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-k8s",
                Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"),
                Route.active(Cidr.parse("10.0.0.0/8"), PEERING, "pcx-1"),
                new Route(Cidr.parse("10.0.5.0/24"), PEERING, "pcx-old", RouteState.BLACKHOLE));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.hop()).isEqualTo(Hop.ROUTE_TO_PEER);
    assertThat(hop.evidence()).contains("by route 10.0.5.0/24 -> pcx-old (blackhole), a blackhole");
    assertThat(hop.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 replace-route --route-table-id rtb-k8s --destination-cidr-block 10.0.5.0/24"
                + " --vpc-peering-connection-id pcx-1");
  }

  @Test
  void theLongestPrefixWinsOverABroaderRouteElsewhere() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-k8s",
                Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"),
                Route.active(Cidr.parse("10.0.0.0/8"), INTERNET_GATEWAY, "igw-1"),
                Route.active(Cidr.parse("10.0.5.0/24"), PEERING, "pcx-1"));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.hop(Hop.ROUTE_TO_PEER).orElseThrow().evidence())
        .contains("10.0.5.0/24 -> pcx-1");
  }

  @Test
  void aSubnetsExplicitRouteTableIsUsedInsteadOfTheMainOne() {
    SeedNetwork net = new SeedNetwork();
    net.routeTables.add(
        new RouteTable(
            "rtb-private",
            "vpc-k8s",
            false,
            List.of("subnet-k8s-a"),
            List.of(Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"))));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.NO_ROUTE_TO_PEER);
    assertThat(hop.evidence())
        .startsWith("route table rtb-private of subnet subnet-k8s-a has no route");
  }

  @Test
  void aRouteToAPeeringThatLeadsToAnotherVpcBlocks() {
    SeedNetwork net = new SeedNetwork();
    net.peerings.add(
        new PeeringConnection(
            "pcx-2",
            new PeeringSide("vpc-k8s", null, null, List.of(Cidr.parse("172.20.0.0/16")), false),
            new PeeringSide("vpc-other", null, null, List.of(Cidr.parse("10.0.0.0/8")), false),
            PeeringStatus.ACTIVE,
            null));
    net.routes(
        "rtb-k8s",
        Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"),
        Route.active(Cidr.parse("10.0.0.0/8"), PEERING, "pcx-2"));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.NO_ROUTE_TO_PEER);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .contains("but pcx-2 leads to vpc-other, not vpc-prod");
    assertThat(result.hop(Hop.PEERING).orElseThrow().evidence()).startsWith("peering pcx-1 ");
  }

  @Test
  void aTransitGatewayRoutePassesAndSaysItsTablesAreOutsideTheView() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-k8s",
                Route.active(Cidr.parse("172.20.0.0/16"), LOCAL, "local"),
                Route.active(Cidr.parse("10.0.0.0/16"), TRANSIT_GATEWAY, "tgw-1"));
    net.routes(
        "rtb-prod",
        Route.active(Cidr.parse("10.0.0.0/16"), LOCAL, "local"),
        Route.active(Cidr.parse("172.20.0.0/16"), TRANSIT_GATEWAY, "tgw-1"));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.hop(Hop.ROUTE_TO_PEER).orElseThrow().evidence())
        .contains("tgw-1", "outside this view");
    assertThat(result.hop(Hop.PEERING)).isEmpty();
  }

  @Test
  void aPeerTableWithoutARouteBackBlocksTheReply() {
    SeedNetwork net =
        new SeedNetwork()
            .routes("rtb-prod", Route.active(Cidr.parse("10.0.0.0/16"), LOCAL, "local"));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.NO_ROUTE_BACK);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .isEqualTo(
            "route table rtb-prod of subnet subnet-db-a (main route table of vpc-prod) has no route"
                + " back to 172.20.1.10 (routes: 10.0.0.0/16 -> local)");
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 create-route --route-table-id rtb-prod --destination-cidr-block 172.20.0.0/16"
                + " --vpc-peering-connection-id pcx-1");
  }

  @Test
  void aBlackholeRouteBackBlocksTheReply() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-prod",
                Route.active(Cidr.parse("10.0.0.0/16"), LOCAL, "local"),
                new Route(Cidr.parse("172.20.0.0/16"), PEERING, "pcx-old", RouteState.BLACKHOLE));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.NO_ROUTE_BACK);
    assertThat(hop.fixes().get(0).command()).contains("replace-route", "pcx-1");
  }

  @Test
  void aRouteBackThatOnlyCoversTheNodeAddressesMissesThePodRange() {
    PathEvaluation result = new SeedNetwork().fromPod();

    assertThat(result.hop(Hop.ROUTE_BACK).orElseThrow().outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(result.hop(Hop.ROUTE_BACK).orElseThrow().fixes().get(0).command())
        .contains("10.244.0.0/16");
  }

  @Test
  void unreadableRouteTablesMakeTheVerdictUnknownNotReachable() {
    SeedNetwork net = new SeedNetwork();
    net.routeTables.clear();
    net.warnings.add(
        ReadWarning.missingPermission(AwsResource.ROUTE_TABLES, "UnauthorizedOperation"));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.UNKNOWN);
    assertThat(result.evidence())
        .contains("the cluster's route table is unknown: route tables could not be read");
  }
}
