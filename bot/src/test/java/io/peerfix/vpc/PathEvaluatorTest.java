package io.peerfix.vpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.List;
import org.junit.jupiter.api.Test;

class PathEvaluatorTest {

  @Test
  void theSeedIncidentLetsTheNodeAddressThroughBothWays() {
    PathEvaluation result = new SeedNetwork().fromNode();

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.reachable()).isTrue();
    assertThat(result.decidingHop()).isEmpty();
    assertThat(result.fixes()).isEmpty();
    assertThat(result.hops()).extracting(HopCheck::hop).contains(Hop.ROUTE_TO_PEER, Hop.ROUTE_BACK);
  }

  @Test
  void theSeedIncidentDropsThePodAddressAtThePeering() {
    PathEvaluation result = new SeedNetwork().fromPod();

    assertThat(result.verdict()).isEqualTo(PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING);
    assertThat(result.decidingHop().orElseThrow().hop()).isEqualTo(Hop.SOURCE_CARRIED_BY_PEERING);
    assertThat(result.evidence().get(0))
        .isEqualTo(
            "peering pcx-1 only carries 172.20.0.0/16 from vpc-k8s; the source 10.244.1.5 is"
                + " outside it, so AWS drops the packet");
  }

  @Test
  void laterBlockingHopsAreKeptInPathOrder() {
    PathEvaluation result = new SeedNetwork().fromPod();

    assertThat(result.blocking())
        .extracting(HopCheck::hop)
        .containsExactly(
            Hop.SOURCE_CARRIED_BY_PEERING, Hop.TARGET_SECURITY_GROUP_IN, Hop.ROUTE_BACK);
  }

  @Test
  void aDatabaseInTheClusterVpcNeedsNoPeering() {
    SeedNetwork net = new SeedNetwork();
    net.peerVpc = net.clusterVpc;
    net.peerings.clear();
    net.subnets.add(new Subnet("subnet-k8s-db", "vpc-k8s", Cidr.parse("172.20.9.0/24"), null));
    net.database =
        new DbInstance(
            "db",
            "db.local",
            5432,
            List.of(Ipv4.parse("172.20.9.9")),
            "vpc-k8s",
            List.of("subnet-k8s-db"),
            List.of("sg-rds"),
            false,
            "available");

    PathEvaluation result =
        new PathEvaluator()
            .evaluate(net.build(), PathQuery.of(SeedNetwork.NODE, Ipv4.parse("172.20.9.9"), 5432));

    assertThat(result.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(result.hop(Hop.PEERING)).isEmpty();
  }
}
