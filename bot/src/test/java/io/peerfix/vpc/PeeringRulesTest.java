package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeeringRulesTest {

  @Test
  void aPendingPeeringBlocksAndIsFixedByAcceptingIt() {
    SeedNetwork net = new SeedNetwork();
    net.peerings.set(0, SeedNetwork.peering("pcx-1", PeeringStatus.PENDING_ACCEPTANCE));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.PEERING_NOT_ACTIVE);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .startsWith("peering pcx-1 (vpc-k8s -> vpc-prod) is pending-acceptance");
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id pcx-1 --region us-east-1");
  }

  @Test
  void aDeletedPeeringExplainsTheBlackholeRouteToIt() {
    SeedNetwork net = new SeedNetwork();
    net.peerings.set(0, SeedNetwork.peering("pcx-1", PeeringStatus.DELETED));
    net.routes(
        "rtb-k8s",
        Route.active(Cidr.parse("172.20.0.0/16"), RouteTargetKind.LOCAL, "local"),
        new Route(
            Cidr.parse("10.0.0.0/16"), RouteTargetKind.PEERING, "pcx-1", RouteState.BLACKHOLE));

    PathEvaluation result = net.fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.PEERING_NOT_ACTIVE);
    assertThat(result.blocking())
        .extracting(HopCheck::hop)
        .startsWith(Hop.PEERING, Hop.ROUTE_TO_PEER);
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 create-vpc-peering-connection --vpc-id vpc-k8s --peer-vpc-id vpc-prod"
                + " --peer-owner-id 111111111111 --peer-region us-east-1");
  }

  @Test
  void noPeeringBetweenTheVpcsBlocks() {
    SeedNetwork net = new SeedNetwork();
    net.peerings.clear();

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.PEERING_NOT_ACTIVE);
    assertThat(hop.evidence()).startsWith("no peering connection joins vpc-k8s and vpc-prod");
  }

  @Test
  void aSourceInASecondaryCidrOfTheClusterVpcIsCarried() {
    SeedNetwork net = new SeedNetwork();
    net.clusterVpc =
        new Vpc("vpc-k8s", List.of(Cidr.parse("172.20.0.0/16"), Cidr.parse("100.64.0.0/16")));
    net.peerings.set(
        0,
        new PeeringConnection(
            "pcx-1",
            new PeeringSide(
                "vpc-k8s",
                null,
                null,
                List.of(Cidr.parse("172.20.0.0/16"), Cidr.parse("100.64.0.0/16")),
                false),
            new PeeringSide("vpc-prod", null, null, List.of(Cidr.parse("10.0.0.0/16")), false),
            PeeringStatus.ACTIVE,
            null));

    PathEvaluation result = SeedNetwork.evaluate(net.build(), Ipv4.parse("100.64.3.4"));

    assertThat(result.hop(Hop.SOURCE_CARRIED_BY_PEERING).orElseThrow().outcome())
        .isEqualTo(HopOutcome.PASS);
  }

  @Test
  void thePeeringsCidrsDecideEvenWhenTheVpcHasMore() {
    SeedNetwork net = new SeedNetwork();
    net.clusterVpc =
        new Vpc("vpc-k8s", List.of(Cidr.parse("172.20.0.0/16"), Cidr.parse("100.64.0.0/16")));

    PathEvaluation result = SeedNetwork.evaluate(net.build(), Ipv4.parse("100.64.3.4"));

    assertThat(result.verdict()).isEqualTo(PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING);
  }

  @Test
  void aPeeringThatDoesNotCarryTheDestinationBlocksTheRoute() {
    SeedNetwork net = new SeedNetwork();
    net.peerVpc =
        new Vpc("vpc-prod", List.of(Cidr.parse("10.0.0.0/16"), Cidr.parse("10.1.0.0/16")));
    net.subnets.add(new Subnet("subnet-db-b", "vpc-prod", Cidr.parse("10.1.5.0/24"), null));
    net.routes(
        "rtb-k8s",
        Route.active(Cidr.parse("172.20.0.0/16"), RouteTargetKind.LOCAL, "local"),
        Route.active(Cidr.parse("10.0.0.0/8"), RouteTargetKind.PEERING, "pcx-1"));

    PathEvaluation result =
        new PathEvaluator()
            .evaluate(net.build(), PathQuery.of(SeedNetwork.NODE, Ipv4.parse("10.1.5.20"), 5432));

    assertThat(result.verdict()).isEqualTo(PathVerdict.NO_ROUTE_TO_PEER);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .contains("pcx-1 only carries 10.0.0.0/16 of vpc-prod, which does not contain 10.1.5.20");
  }
}
