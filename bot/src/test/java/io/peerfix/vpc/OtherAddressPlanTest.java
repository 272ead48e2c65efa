package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules hold for any address plan: a cluster in 192.168.0.0/20 reaching MySQL in 10.50.0.0/16.
 */
class OtherAddressPlanTest {
  private static final Cidr CLUSTER = Cidr.parse("192.168.0.0/20");
  private static final Cidr PEER = Cidr.parse("10.50.0.0/16");

  private static AwsNetwork network(PeeringStatus status, Cidr... routesBack) {
    PeeringConnection peering =
        new PeeringConnection(
            "pcx-9",
            new PeeringSide("vpc-b", null, null, List.of(PEER), false),
            new PeeringSide("vpc-a", null, null, List.of(CLUSTER), false),
            status,
            null);
    List<Route> back =
        java.util.stream.Stream.concat(
                java.util.stream.Stream.of(Route.active(PEER, RouteTargetKind.LOCAL, "local")),
                java.util.stream.Stream.of(routesBack)
                    .map(c -> Route.active(c, RouteTargetKind.PEERING, "pcx-9")))
            .toList();
    return new AwsNetwork(
        new Vpc("vpc-a", List.of(CLUSTER)),
        new Vpc("vpc-b", List.of(PEER)),
        List.of(),
        List.of(peering),
        List.of(
            new RouteTable(
                "rtb-a",
                "vpc-a",
                true,
                List.of(),
                List.of(
                    Route.active(CLUSTER, RouteTargetKind.LOCAL, "local"),
                    Route.active(Cidr.parse("10.0.0.0/8"), RouteTargetKind.PEERING, "pcx-9"))),
            new RouteTable("rtb-b", "vpc-b", true, List.of(), back)),
        List.of(
            new SecurityGroup(
                "sg-mysql",
                "mysql",
                "vpc-b",
                List.of(SecurityGroupRule.tcpFromCidrs(3306, CLUSTER)),
                List.of())),
        List.of(),
        new DbInstance(
            "shop",
            "shop.example",
            3306,
            List.of(),
            "vpc-b",
            List.of(),
            List.of("sg-mysql"),
            false,
            "available"),
        List.of());
  }

  private static PathVerdict verdict(AwsNetwork network, String source) {
    return new PathEvaluator()
        .evaluate(network, PathQuery.of(Ipv4.parse(source), Ipv4.parse("10.50.7.7"), 3306))
        .verdict();
  }

  @Test
  void theNodeAddressGetsThroughWhenTheClusterIsTheAccepter() {
    assertThat(verdict(network(PeeringStatus.ACTIVE, CLUSTER), "192.168.3.4"))
        .isEqualTo(PathVerdict.REACHABLE);
  }

  @Test
  void aPodAddressOutsideTheClusterVpcIsDroppedAtThePeering() {
    assertThat(verdict(network(PeeringStatus.ACTIVE, CLUSTER), "100.64.1.5"))
        .isEqualTo(PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING);
  }

  @Test
  void aMissingRouteBackIsFound() {
    assertThat(verdict(network(PeeringStatus.ACTIVE), "192.168.3.4"))
        .isEqualTo(PathVerdict.NO_ROUTE_BACK);
  }

  @Test
  void anExpiredPeeringIsFound() {
    assertThat(verdict(network(PeeringStatus.EXPIRED, CLUSTER), "192.168.3.4"))
        .isEqualTo(PathVerdict.PEERING_NOT_ACTIVE);
  }

  @Test
  void theSecurityGroupIsCheckedOnTheDatabasesPort() {
    PathEvaluation result =
        new PathEvaluator()
            .evaluate(
                network(PeeringStatus.ACTIVE, CLUSTER),
                PathQuery.of(Ipv4.parse("192.168.3.4"), Ipv4.parse("10.50.7.7"), 5432));

    assertThat(result.verdict()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS);
    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 authorize-security-group-ingress --group-id sg-mysql --protocol tcp --port 5432"
                + " --cidr 192.168.0.0/20");
  }
}
