package io.peerfix.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.peerfix.aws.AwsStubs.CLUSTER_VPC;
import static io.peerfix.aws.AwsStubs.NODE_SUBNET;
import static io.peerfix.aws.AwsStubs.PEER_VPC;
import static io.peerfix.aws.AwsStubs.action;
import static io.peerfix.aws.AwsStubs.ok;
import static io.peerfix.aws.AwsStubs.xml;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.NetworkAclEntry;
import io.peerfix.vpc.PathEvaluator;
import io.peerfix.vpc.PathQuery;
import io.peerfix.vpc.PathVerdict;
import io.peerfix.vpc.PeeringStatus;
import io.peerfix.vpc.Route;
import io.peerfix.vpc.RouteState;
import io.peerfix.vpc.RouteTargetKind;
import io.peerfix.vpc.Vpc;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.regions.Region;

/**
 * The reader against WireMock on loopback answering in the real EC2 (query protocol, XML) and RDS
 * formats: a seed-incident-like account, pagination, throttling and permission errors.
 */
class AwsSdkNetworkReaderTest {
  @RegisterExtension
  static WireMockExtension aws =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static AwsSdkNetworkReader reader;

  @BeforeAll
  static void clients() {
    reader =
        AwsClients.readerFor(
            URI.create(aws.baseUrl()), Region.US_EAST_1, "AKIDEXAMPLE", "wJalrXUtnFEMI/EXAMPLEKEY");
  }

  @BeforeEach
  void seedAccount() {
    AwsStubs.seedAccount(aws);
  }

  private static AwsQuery seedQuery() {
    return AwsQuery.byIdentifier(CLUSTER_VPC, "orders-db");
  }

  @Test
  void readsTheVpcsWithOnlyTheirAssociatedCidrs() {
    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.warnings()).isEmpty();
    assertThat(network.clusterVpc())
        .isEqualTo(new Vpc(CLUSTER_VPC, List.of(Cidr.parse("172.20.0.0/16"))));
    assertThat(network.peerVpc()).isEqualTo(new Vpc(PEER_VPC, List.of(Cidr.parse("10.0.0.0/16"))));
    assertThat(network.subnets()).hasSize(3);
  }

  @Test
  void readsTheDatabaseWithItsSubnetGroupAndSecurityGroups() {
    var db = reader.read(seedQuery()).database();

    assertThat(db.identifier()).isEqualTo("orders-db");
    assertThat(db.endpointHost()).isEqualTo("orders-db.c9akciq32.us-east-1.rds.amazonaws.com");
    assertThat(db.port()).isEqualTo(5432);
    assertThat(db.vpcId()).isEqualTo(PEER_VPC);
    assertThat(db.subnetIds())
        .containsExactly("subnet-0bb2222222222222a", "subnet-0bb2222222222222c");
    assertThat(db.securityGroupIds()).containsExactly("sg-0dd4444444444444d");
    assertThat(db.publiclyAccessible()).isFalse();
    assertThat(db.status()).isEqualTo("available");
  }

  @Test
  void readsThePeeringFromBothSidesQueriesWithItsCidrsAndDnsOptions() {
    AwsNetwork network = reader.read(seedQuery());

    var peering = network.peerings().get(0);
    assertThat(network.peerings()).hasSize(1);
    assertThat(peering.id()).isEqualTo("pcx-0cc3333333333333c");
    assertThat(peering.status()).isEqualTo(PeeringStatus.ACTIVE);
    assertThat(peering.requester().cidrs()).containsExactly(Cidr.parse("172.20.0.0/16"));
    assertThat(peering.accepter().allowDnsResolutionFromRemoteVpc()).isTrue();
    assertThat(peering.requester().allowDnsResolutionFromRemoteVpc()).isFalse();
    assertThat(peering.accepter().region()).isEqualTo("us-east-1");
    aws.verify(
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Filter.1.Name=accepter-vpc-info.vpc-id"))
            .withRequestBody(containing("Filter.1.Value.1=" + CLUSTER_VPC)));
  }

  @Test
  void followsNextTokenAcrossRouteTablePages() {
    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.routeTables())
        .extracting(t -> t.id())
        .containsExactly("rtb-0aa1111111111111a", "rtb-0bb2222222222222b");
    aws.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeRouteTables&")));
  }

  @Test
  void mapsRouteTargetsMainFlagAssociationsAndBlackholes() {
    AwsNetwork network = reader.read(seedQuery());

    var cluster = network.routeTables().get(0);
    var peer = network.routeTables().get(1);
    assertThat(cluster.main()).isTrue();
    assertThat(cluster.routes())
        .containsExactly(
            Route.active(Cidr.parse("172.20.0.0/16"), RouteTargetKind.LOCAL, "local"),
            Route.active(
                Cidr.parse("10.0.0.0/16"), RouteTargetKind.PEERING, "pcx-0cc3333333333333c"),
            Route.active(
                Cidr.parse("0.0.0.0/0"), RouteTargetKind.NAT_GATEWAY, "nat-0aa1111111111111a"));
    assertThat(peer.main()).isFalse();
    assertThat(peer.subnetIds())
        .containsExactly("subnet-0bb2222222222222a", "subnet-0bb2222222222222c");
    assertThat(peer.routes().get(2).state()).isEqualTo(RouteState.BLACKHOLE);
  }

  @Test
  void readsTheDatabaseGroupsAndTheGroupsTheyReference() {
    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.securityGroups())
        .extracting(g -> g.id())
        .containsExactly("sg-0dd4444444444444d", "sg-0ff6666666666666f");
    var rules = network.securityGroups().get(0).ingress();
    assertThat(rules.get(0).cidrs()).containsExactly(Cidr.parse("172.20.0.0/16"));
    assertThat(rules.get(0).coversTcpPort(5432)).isTrue();
    assertThat(rules.get(1).groupIds()).containsExactly("sg-0ff6666666666666f");
  }

  @Test
  void readsNetworkAclEntriesWithPortRangesAndAssociations() {
    AwsNetwork network = reader.read(seedQuery());

    var peerAcl = network.networkAcls().get(1);
    assertThat(peerAcl.isDefault()).isFalse();
    assertThat(peerAcl.subnetIds()).contains("subnet-0bb2222222222222a");
    assertThat(peerAcl.entries())
        .contains(
            new NetworkAclEntry(100, false, "6", 5432, 5432, Cidr.parse("172.20.0.0/16"), true),
            new NetworkAclEntry(100, true, "6", 1024, 65535, Cidr.parse("172.20.0.0/16"), true));
  }

  @Test
  void theSeedAccountPassesTheNodeAddressAndDropsThePodAddress() {
    AwsNetwork network = reader.read(seedQuery());
    PathEvaluator evaluator = new PathEvaluator();

    var node =
        evaluator.evaluate(
            network,
            new PathQuery(
                Ipv4.parse("172.20.1.10"),
                NODE_SUBNET,
                List.of(),
                null,
                Ipv4.parse("10.0.5.20"),
                5432));
    var pod =
        evaluator.evaluate(
            network,
            new PathQuery(
                Ipv4.parse("10.244.1.5"),
                NODE_SUBNET,
                List.of(),
                null,
                Ipv4.parse("10.0.5.20"),
                5432));

    assertThat(node.verdict()).isEqualTo(PathVerdict.REACHABLE);
    assertThat(pod.verdict()).isEqualTo(PathVerdict.SOURCE_NOT_CARRIED_BY_PEERING);
  }

  @Test
  void findsTheDatabaseByEndpointFollowingTheRdsMarker() {
    stub(action("DescribeDBInstances").atPriority(5), ok("rds/describe-db-instances-page1.xml"));
    stub(
        action("DescribeDBInstances")
            .withRequestBody(containing("Marker=YmlsbGluZy1kYg%3D%3D"))
            .atPriority(1),
        ok("rds/describe-db-instances.xml"));

    AwsNetwork network =
        reader.read(
            AwsQuery.byEndpoint(CLUSTER_VPC, "ORDERS-DB.c9akciq32.us-east-1.rds.amazonaws.com"));

    assertThat(network.database().identifier()).isEqualTo("orders-db");
    aws.verify(
        2,
        postRequestedFor(urlEqualTo("/"))
            .withRequestBody(containing("Action=DescribeDBInstances&")));
  }

  @Test
  void retriesAThrottledCallAndThenSucceeds() {
    stub(
        action("DescribeVpcs")
            .atPriority(1)
            .inScenario("throttle")
            .whenScenarioStateIs(STARTED)
            .willSetStateTo("recovered"),
        xml(503, "ec2/error-throttled.xml"));
    stub(
        action("DescribeVpcs")
            .atPriority(1)
            .inScenario("throttle")
            .whenScenarioStateIs("recovered"),
        ok("ec2/describe-vpcs.xml"));

    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.warnings()).isEmpty();
    assertThat(network.clusterVpc().cidrs()).containsExactly(Cidr.parse("172.20.0.0/16"));
    aws.verify(
        2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=DescribeVpcs&")));
  }

  @Test
  void aDeniedEc2CallBecomesAWarningNamingTheIamActionAndTheRestIsStillRead() {
    stub(action("DescribeRouteTables").atPriority(1), xml(403, "ec2/error-unauthorized.xml"));

    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.routeTables()).isEmpty();
    assertThat(network.unread(AwsResource.ROUTE_TABLES)).isTrue();
    assertThat(network.warningTexts())
        .containsExactly(
            "could not read route tables: missing IAM permission ec2:DescribeRouteTables (grant it"
                + " to peerfix's role; see infra/aws/iam-policy.json): UnauthorizedOperation: You are not"
                + " authorized to perform this operation. User:"
                + " arn:aws:sts::111122223333:assumed-role/peerfix/i-0abc is not authorized to"
                + " perform: ec2:DescribeRouteTables because no identity-based policy allows the"
                + " ec2:DescribeRouteTables action.");
    assertThat(network.securityGroups()).isNotEmpty();
  }

  @Test
  void aDeniedRdsCallBecomesAWarningNamingTheIamAction() {
    stub(action("DescribeDBInstances").atPriority(1), xml(403, "rds/error-access-denied.xml"));

    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.database()).isNull();
    assertThat(network.peerVpc()).isNull();
    assertThat(network.clusterVpc().cidrs()).containsExactly(Cidr.parse("172.20.0.0/16"));
    assertThat(network.warnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.permissionDenied()).isTrue();
              assertThat(w.text())
                  .startsWith(
                      "could not read database instances: missing IAM permission rds:DescribeDBInstances");
            });
  }

  @Test
  void anUnknownInstanceIdentifierIsReportedAsNotFound() {
    stub(action("DescribeDBInstances").atPriority(1), xml(404, "rds/error-not-found.xml"));

    AwsNetwork network = reader.read(AwsQuery.byIdentifier(CLUSTER_VPC, "orders-dbx"));

    assertThat(network.database()).isNull();
    assertThat(network.warningTexts())
        .containsExactly(
            "could not read database instances: no RDS instance is named orders-dbx in this account and region");
  }

  @Test
  void aConnectionThatKeepsFailingBecomesAWarningNotAnException() {
    stub(
        action("DescribeSubnets").atPriority(1),
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    AwsNetwork network = reader.read(seedQuery());

    assertThat(network.subnets()).isEmpty();
    assertThat(network.warningTexts())
        .singleElement()
        .asString()
        .startsWith("could not read subnets: the AWS call failed before an answer");
    assertThat(network.routeTables()).hasSize(2);
  }

  @Test
  void aClusterVpcThatDoesNotExistIsReportedByItsId() {
    AwsNetwork network = reader.read(AwsQuery.byIdentifier("vpc-0123456789abcdef0", "orders-db"));

    assertThat(network.clusterVpc()).isEqualTo(new Vpc("vpc-0123456789abcdef0", List.of()));
    assertThat(network.warningTexts())
        .containsExactly(
            "could not read VPCs: no VPC vpc-0123456789abcdef0 in this account and region");
  }

  private static void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
    AwsStubs.stub(aws, request, response);
  }
}
