package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressPlanRulesTest {

  private static SeedNetwork publicDatabase() {
    SeedNetwork net = new SeedNetwork();
    DbInstance db = net.database;
    net.database =
        new DbInstance(
            db.identifier(),
            db.endpointHost(),
            db.port(),
            db.privateIps(),
            db.vpcId(),
            db.subnetIds(),
            db.securityGroupIds(),
            true,
            db.status());
    return net;
  }

  @Test
  void aPublicAnswerForAPubliclyAccessibleDatabaseIsDnsResolvesPublic() {
    PathEvaluation result =
        SeedNetwork.evaluate(
            publicDatabase().build(), Ipv4.parse("172.20.1.10"), Ipv4.parse("54.12.34.56"));

    assertThat(result.verdict()).isEqualTo(PathVerdict.DNS_RESOLVES_PUBLIC);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .isEqualTo(
            "the destination 54.12.34.56 is a public address, outside vpc-prod (10.0.0.0/16);"
                + " database orders-db is publicly accessible, so its name"
                + " orders.cluster-1.us-east-1.rds.amazonaws.com resolves to its public address"
                + " outside its VPC; the traffic leaves through the internet path, not the peering"
                + " (peering pcx-1 does not let vpc-prod's names resolve to private addresses from"
                + " the peer)");
  }

  @Test
  void thePeeringDnsFixIsSetOnTheDatabaseVpcsSideWhenItIsTheAccepter() {
    PathEvaluation result =
        SeedNetwork.evaluate(
            publicDatabase().build(), Ipv4.parse("172.20.1.10"), Ipv4.parse("54.12.34.56"));

    assertThat(result.fixes().get(0).commandLine())
        .isEqualTo(
            "aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id pcx-1"
                + " --accepter-peering-connection-options AllowDnsResolutionFromRemoteVpc=true"
                + " --region us-east-1");
  }

  @Test
  void thePeeringDnsFixIsSetOnTheRequesterSideWhenTheDatabaseVpcRequested() {
    SeedNetwork net = publicDatabase();
    PeeringConnection p = net.peerings.get(0);
    net.peerings.set(
        0, new PeeringConnection("pcx-1", p.accepter(), p.requester(), PeeringStatus.ACTIVE, null));

    PathEvaluation result =
        SeedNetwork.evaluate(net.build(), Ipv4.parse("172.20.1.10"), Ipv4.parse("54.12.34.56"));

    assertThat(result.fixes().get(0).command()).contains("--requester-peering-connection-options");
  }

  @Test
  void anAnswerThatIsNotTheDatabasesKnownAddressIsUnknown() {
    PathEvaluation result =
        SeedNetwork.evaluate(
            new SeedNetwork().build(), Ipv4.parse("172.20.1.10"), Ipv4.parse("10.0.5.99"));

    assertThat(result.hop(Hop.DNS_ANSWER).orElseThrow().outcome()).isEqualTo(HopOutcome.UNKNOWN);
    assertThat(result.verdict()).isEqualTo(PathVerdict.UNKNOWN);
  }

  @Test
  void aDestinationInsideThePodRangeIsACidrOverlap() {
    PathEvaluation result =
        new PathEvaluator()
            .evaluate(
                new SeedNetwork().build(),
                new PathQuery(
                    Ipv4.parse("172.20.1.10"),
                    null,
                    List.of(),
                    Cidr.parse("10.0.0.0/16"),
                    Ipv4.parse("10.0.5.20"),
                    5432));

    assertThat(result.verdict()).isEqualTo(PathVerdict.CIDR_OVERLAP);
    assertThat(result.decidingHop().orElseThrow().evidence())
        .contains(
            "10.0.5.20 lies inside the pod range 10.0.0.0/16, so the node routes it to its own pods");
  }

  @Test
  void overlappingVpcsAreACidrOverlap() {
    SeedNetwork net = new SeedNetwork();
    net.clusterVpc =
        new Vpc("vpc-k8s", List.of(Cidr.parse("172.20.0.0/16"), Cidr.parse("10.0.0.0/20")));

    HopCheck hop = net.fromNode().decidingHop().orElseThrow();

    assertThat(hop.verdict()).isEqualTo(PathVerdict.CIDR_OVERLAP);
    assertThat(hop.evidence()).contains("vpc-k8s (10.0.0.0/20) overlaps vpc-prod (10.0.0.0/16)");
  }

  @Test
  void aPodRangeOverlappingThePeerVpcIsNotedButDoesNotBlockAMasqueradedPath() {
    PathEvaluation result =
        new PathEvaluator()
            .evaluate(
                new SeedNetwork().build(),
                new PathQuery(
                    Ipv4.parse("172.20.1.10"),
                    null,
                    List.of(),
                    Cidr.parse("10.0.128.0/17"),
                    Ipv4.parse("10.0.5.20"),
                    5432));

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.hop(Hop.CIDR_PLAN).orElseThrow().evidence())
        .contains("the pod range 10.0.128.0/17 overlaps vpc-prod (10.0.0.0/16)");
  }
}
