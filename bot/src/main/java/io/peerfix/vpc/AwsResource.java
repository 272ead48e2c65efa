package io.peerfix.vpc;

/** The kinds of AWS resources peerfix reads, each with the read-only IAM action that reads it. */
public enum AwsResource {
  DB_INSTANCES("rds:DescribeDBInstances", "database instances"),
  DB_CLUSTERS("rds:DescribeDBClusters", "database clusters"),
  VPCS("ec2:DescribeVpcs", "VPCs"),
  SUBNETS("ec2:DescribeSubnets", "subnets"),
  PEERING_CONNECTIONS("ec2:DescribeVpcPeeringConnections", "VPC peering connections"),
  ROUTE_TABLES("ec2:DescribeRouteTables", "route tables"),
  SECURITY_GROUPS("ec2:DescribeSecurityGroups", "security groups"),
  NETWORK_ACLS("ec2:DescribeNetworkAcls", "network ACLs");

  private final String iamAction;
  private final String text;

  AwsResource(String iamAction, String text) {
    this.iamAction = iamAction;
    this.text = text;
  }

  /** The IAM action needed to read this kind of resource, e.g. {@code ec2:DescribeRouteTables}. */
  public String iamAction() {
    return iamAction;
  }

  /** The AWS service that answers for this kind of resource: {@code EC2} or {@code RDS}. */
  public String service() {
    return iamAction.substring(0, iamAction.indexOf(':')).toUpperCase(java.util.Locale.ROOT);
  }

  /** Human text, e.g. {@code route tables}. */
  public String text() {
    return text;
  }
}
