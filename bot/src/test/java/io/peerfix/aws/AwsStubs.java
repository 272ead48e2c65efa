package io.peerfix.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * EC2 and RDS as WireMock answers them from the XML fixtures in {@code src/test/resources/aws/}
 * (the real query-protocol formats), and the seed-incident account those fixtures describe: cluster
 * VPC {@link #CLUSTER_VPC} 172.20.0.0/16 with node subnet 172.20.1.0/24, peer VPC {@link #PEER_VPC}
 * 10.0.0.0/16, an active peering carrying 172.20.0.0/16, routes both ways, and database {@code
 * orders-db} ({@link #DB_HOST}:5432) whose group {@link #DB_GROUP} admits 172.20.0.0/16.
 */
public final class AwsStubs {
  public static final String CLUSTER_VPC = "vpc-0aa1111111111111a";
  public static final String PEER_VPC = "vpc-0bb2222222222222b";
  public static final String NODE_SUBNET = "subnet-0aa1111111111111a";
  public static final String DB_GROUP = "sg-0dd4444444444444d";
  public static final String DB_HOST = "orders-db.c9akciq32.us-east-1.rds.amazonaws.com";

  private AwsStubs() {}

  /** Stubs every describe call of the seed-incident account, route tables in two pages. */
  public static void seedAccount(WireMockExtension aws) {
    stub(aws, action("DescribeDBInstances"), ok("rds/describe-db-instances.xml"));
    stub(aws, action("DescribeVpcs"), ok("ec2/describe-vpcs.xml"));
    stub(aws, action("DescribeSubnets"), ok("ec2/describe-subnets.xml"));
    stub(
        aws,
        action("DescribeVpcPeeringConnections")
            .withRequestBody(containing("requester-vpc-info.vpc-id")),
        ok("ec2/describe-peerings-requester.xml"));
    stub(
        aws,
        action("DescribeVpcPeeringConnections")
            .withRequestBody(containing("accepter-vpc-info.vpc-id")),
        ok("ec2/describe-peerings-none.xml"));
    stub(
        aws,
        action("DescribeRouteTables").atPriority(5),
        ok("ec2/describe-route-tables-page1.xml"));
    stub(
        aws,
        action("DescribeRouteTables")
            .withRequestBody(containing("NextToken=eyJ2IjoiMiIsImMiOiJwYWdlMiJ9"))
            .atPriority(1),
        ok("ec2/describe-route-tables-page2.xml"));
    stub(
        aws,
        action("DescribeSecurityGroups").withRequestBody(containing(DB_GROUP)),
        ok("ec2/describe-security-groups.xml"));
    stub(
        aws,
        action("DescribeSecurityGroups").withRequestBody(containing("sg-0ff6666666666666f")),
        ok("ec2/describe-security-groups-referenced.xml"));
    stub(aws, action("DescribeNetworkAcls"), ok("ec2/describe-network-acls.xml"));
  }

  /** A query-protocol call of {@code action} (EC2 and RDS both POST form bodies to /). */
  public static MappingBuilder action(String action) {
    return post(urlEqualTo("/")).withRequestBody(containing("Action=" + action + "&"));
  }

  public static void stub(
      WireMockExtension aws, MappingBuilder request, ResponseDefinitionBuilder response) {
    aws.stubFor(request.willReturn(response));
  }

  public static ResponseDefinitionBuilder ok(String fixture) {
    return xml(200, fixture);
  }

  public static ResponseDefinitionBuilder xml(int status, String fixture) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody(fixture(fixture));
  }

  /** The text of {@code src/test/resources/aws/NAME}. */
  public static String fixture(String name) {
    try (InputStream in = AwsStubs.class.getResourceAsStream("/aws/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture /aws/" + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
