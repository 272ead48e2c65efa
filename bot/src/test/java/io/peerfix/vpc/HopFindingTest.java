package io.peerfix.vpc;

import static io.peerfix.vpc.SeedNetwork.DB_IP;
import static io.peerfix.vpc.SeedNetwork.NODE;
import static io.peerfix.vpc.SeedNetwork.POD;
import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import org.junit.jupiter.api.Test;

/** Each hop's finding as values: the resources it read, its outcome, the entry that decided. */
class HopFindingTest {
  private static final Route TO_PEER =
      Route.active(Cidr.parse("10.0.0.0/16"), RouteTargetKind.PEERING, "pcx-1");

  private static HopFinding finding(PathEvaluation path, Hop hop) {
    return path.hop(hop).orElseThrow().finding();
  }

  @Test
  void theClusterRouteCitesItsTableThePeeringItTargetsAndTheRouteThatWon() {
    HopFinding route = finding(new SeedNetwork().fromNode(), Hop.ROUTE_TO_PEER);

    assertThat(route.outcome()).isEqualTo(HopOutcome.PASS);
    assertThat(route.resourceIds()).containsExactly("rtb-k8s", "pcx-1");
    assertThat(route.entry()).contains(TO_PEER);
    assertThat(route.addresses()).containsExactly(NODE, DB_IP);
  }

  @Test
  void aMissingRouteBackBlocksCitingTheTableAndNoEntry() {
    SeedNetwork net =
        new SeedNetwork()
            .routes(
                "rtb-prod",
                Route.active(Cidr.parse("10.0.0.0/16"), RouteTargetKind.LOCAL, "local"));

    HopFinding back = finding(net.fromNode(), Hop.ROUTE_BACK);

    assertThat(back.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(back.verdict()).isEqualTo(PathVerdict.NO_ROUTE_BACK);
    assertThat(back.resourceIds()).containsExactly("rtb-prod");
    assertThat(back.entry()).isEmpty();
    assertThat(back.addresses()).as("a reply travels back").containsExactly(DB_IP, NODE);
  }

  @Test
  void theDatabaseGroupThatAdmitsTheNodeIsDecidedByItsRule() {
    HopFinding group = finding(new SeedNetwork().fromNode(), Hop.TARGET_SECURITY_GROUP_IN);

    assertThat(group.outcome()).isEqualTo(HopOutcome.PASS);
    assertThat(group.resourceIds()).containsExactly("sg-rds");
    assertThat(group.entry())
        .contains(
            new GroupPermission(
                "sg-rds",
                true,
                SecurityGroupRule.tcpFromCidrs(SeedNetwork.PORT, Cidr.parse("172.20.0.0/16"))));
  }

  @Test
  void aGroupThatAdmitsNothingFromTheSourceBlocksWithNoDecidingRule() {
    SeedNetwork net =
        new SeedNetwork()
            .rdsIngress(
                SecurityGroupRule.tcpFromCidrs(SeedNetwork.PORT, Cidr.parse("10.0.0.0/16")));

    HopFinding group = finding(net.fromNode(), Hop.TARGET_SECURITY_GROUP_IN);

    assertThat(group.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(group.verdict()).isEqualTo(PathVerdict.SECURITY_GROUP_BLOCKS);
    assertThat(group.resourceIds()).containsExactly("sg-rds");
    assertThat(group.entry()).isEmpty();
  }

  @Test
  void aDenyingAclIsDecidedByItsLowestNumberedDenyingEntry() {
    NetworkAclEntry deny =
        new NetworkAclEntry(90, false, "6", 5432, 5432, Cidr.parse("172.20.0.0/16"), false);
    SeedNetwork net =
        new SeedNetwork()
            .aclEntries(
                "acl-prod",
                deny,
                new NetworkAclEntry(100, false, "6", 5432, 5432, Cidr.parse("172.20.0.0/16"), true),
                new NetworkAclEntry(100, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), true));

    HopFinding acl = finding(net.fromNode(), Hop.TARGET_SUBNET_ACL_IN);

    assertThat(acl.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(acl.resourceIds()).containsExactly("acl-prod");
    assertThat(acl.entry()).contains(deny);
  }

  @Test
  void aPeeringIsDecidedByItsState() {
    SeedNetwork net = new SeedNetwork();
    net.peerings.set(0, SeedNetwork.peering("pcx-1", PeeringStatus.PENDING_ACCEPTANCE));

    HopFinding peering = finding(net.fromNode(), Hop.PEERING);

    assertThat(peering.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(peering.verdict()).isEqualTo(PathVerdict.PEERING_NOT_ACTIVE);
    assertThat(peering.resourceIds()).containsExactly("pcx-1");
    assertThat(peering.entry()).contains(PeeringStatus.PENDING_ACCEPTANCE);
  }

  @Test
  void thePodSourceIsDroppedAtThePeeringItCites() {
    HopFinding carried = new SeedNetwork().fromPod().decidingHop().orElseThrow().finding();

    assertThat(carried.hop()).isEqualTo(Hop.SOURCE_CARRIED_BY_PEERING);
    assertThat(carried.outcome()).isEqualTo(HopOutcome.BLOCK);
    assertThat(carried.resourceIds()).containsExactly("pcx-1");
    assertThat(carried.addresses()).containsExactly(POD, DB_IP);
  }

  @Test
  void theDnsAnswerCitesTheDatabasesNameAndThePlanCitesBothVpcs() {
    PathEvaluation path = new SeedNetwork().fromNode();

    assertThat(finding(path, Hop.DNS_ANSWER).resourceIds())
        .containsExactly("orders.cluster-1.us-east-1.rds.amazonaws.com");
    assertThat(finding(path, Hop.CIDR_PLAN).resourceIds()).containsExactly("vpc-k8s", "vpc-prod");
  }
}
