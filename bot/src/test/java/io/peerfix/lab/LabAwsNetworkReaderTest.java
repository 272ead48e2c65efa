package io.peerfix.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.PathEvaluator;
import io.peerfix.vpc.PathQuery;
import io.peerfix.vpc.PathVerdict;
import io.peerfix.vpc.PeeringStatus;
import io.peerfix.vpc.Route;
import io.peerfix.vpc.RouteState;
import io.peerfix.vpc.RouteTable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LabAwsNetworkReaderTest {

  private static AwsNetwork view(String scenario) {
    Scenario s = ScenarioCatalog.builtIn(scenario);
    return new LabAwsNetworkReader(s, 2)
        .read(AwsQuery.byEndpoint(s.cluster().vpc().id(), s.peer().target().host()));
  }

  private static RouteTable table(AwsNetwork view, String vpcId) {
    return view.routeTables().stream()
        .filter(t -> t.vpcId().equals(vpcId))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theDatabaseIsFoundByEndpointWithItsPrivateAddressAndSecurityGroup() {
    AwsNetwork view = view("seed-incident");

    assertThat(view.warnings()).isEmpty();
    assertThat(view.database().identifier()).isEqualTo("rds-prod");
    assertThat(view.database().privateIps()).containsExactly(Ipv4.parse("10.0.5.20"));
    assertThat(view.database().securityGroupIds()).containsExactly("sg-rds");
    assertThat(view.database().vpcId()).isEqualTo("vpc-prod");
  }

  @Test
  void theClusterRouteTableHasAPodRangeRoutePerNodeAndThePeeringRoute() {
    AwsNetwork view = view("seed-incident");

    assertThat(table(view, "vpc-k8s").routes())
        .extracting(Route::text)
        .containsExactly(
            "172.20.0.0/16 -> local",
            "10.244.1.0/24 -> i-lab-node1",
            "10.244.2.0/24 -> i-lab-node2",
            "10.0.0.0/16 -> pcx-1");
  }

  @Test
  void withoutARouteBackThePeerTableHasOnlyItsLocalRoute() {
    assertThat(table(view("no-route-back"), "vpc-prod").routes())
        .extracting(Route::text)
        .containsExactly("10.0.0.0/16 -> local");
  }

  @Test
  void aPeeringNotActiveIsReportedInItsStateWithBlackholedRoutes() {
    AwsNetwork view = view("peering-not-active");

    assertThat(view.peerings().get(0).status()).isEqualTo(PeeringStatus.PENDING_ACCEPTANCE);
    assertThat(table(view, "vpc-k8s").routes())
        .filteredOn(r -> r.targetId().equals("pcx-1"))
        .extracting(Route::state)
        .containsOnly(RouteState.BLACKHOLE);
  }

  @Test
  void aScenarioNaclBecomesAnAclWithAwsCatchAllDenies() {
    AwsNetwork view = view("nacl-blocks");

    assertThat(view.networkAcls()).hasSize(1);
    assertThat(view.networkAcls().get(0).entries())
        .extracting(e -> e.text())
        .contains(
            "rule 100 (allow tcp 5432, 172.20.0.0/16) (egress)",
            "rule * (deny all traffic, 0.0.0.0/0) (ingress)");
  }

  @Test
  void aPublicDnsAnswerComesFromAPubliclyAccessibleDatabaseWithoutPeeringDnsResolution() {
    AwsNetwork view = view("dns-resolves-public");

    assertThat(view.database().publiclyAccessible()).isTrue();
    assertThat(view.peerings().get(0).accepter().allowDnsResolutionFromRemoteVpc()).isFalse();
  }

  @Test
  void aDatabaseTheLabDoesNotHaveIsAWarningNotAnError() {
    Scenario s = ScenarioCatalog.builtIn("healthy");
    AwsNetwork view =
        new LabAwsNetworkReader(s, 2).read(AwsQuery.byIdentifier("vpc-k8s", "billing-db"));

    assertThat(view.database()).isNull();
    assertThat(view.unread(AwsResource.DB_INSTANCES)).isTrue();
  }

  /**
   * The lab's AWS view, judged by peerfix's own VPC model, blocks the same paths the kernel blocks
   * in LabScenariosIT: the view and the namespaces describe one network.
   */
  @ParameterizedTest(name = "{0}: {1} -> {2}")
  @CsvSource({
    "healthy, node, REACHABLE",
    "healthy, masqueraded-pod, REACHABLE",
    "seed-incident, pod, SOURCE_NOT_CARRIED_BY_PEERING",
    "seed-incident, node, REACHABLE",
    "aws-cni-excluded-snat, pod, SOURCE_NOT_CARRIED_BY_PEERING",
    "sg-blocks, node, SECURITY_GROUP_BLOCKS",
    "no-route-back, node, NO_ROUTE_BACK",
    "no-route-to-peer, node, NO_ROUTE_TO_PEER",
    "peering-not-active, node, PEERING_NOT_ACTIVE",
    "nacl-blocks, node, NETWORK_ACL_BLOCKS",
    "dns-resolves-public, node-by-name, DNS_RESOLVES_PUBLIC",
    "dns-failure, node, REACHABLE",
    "connection-refused, node, REACHABLE",
    "cidr-overlap, node, CIDR_OVERLAP"
  })
  void theVpcModelJudgesTheLabsViewAsTheKernelBehaves(
      String scenario, String from, PathVerdict expected) {
    Scenario s = ScenarioCatalog.builtIn(scenario);
    AddressPlan plan = new AddressPlan(s, 2);
    AwsNetwork view = view(scenario);
    var target = s.peer().target();
    String source = from.equals("pod") ? plan.podIp(1) : plan.nodeIp(1);
    String dest = from.equals("node-by-name") ? target.publicIp() : target.ip();
    PathQuery query =
        new PathQuery(
            Ipv4.parse(source),
            null,
            List.of(),
            Cidr.parse(s.cluster().podCidr()),
            Ipv4.parse(dest),
            target.port());

    assertThat(new PathEvaluator().evaluate(view, query).verdict()).isEqualTo(expected);
  }
}
