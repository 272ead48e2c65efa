package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;

/**
 * What to read: the cluster's VPC, optionally the subnets its nodes are in (for the caller's path
 * queries; the reader reads every subnet of both VPCs anyway), and the database, named by its RDS
 * instance identifier or its endpoint host (at least one of the two).
 */
public record AwsQuery(
    String clusterVpcId,
    List<String> nodeSubnetIds,
    String dbInstanceIdentifier,
    String dbEndpointHost) {
  public AwsQuery {
    Objects.requireNonNull(clusterVpcId, "clusterVpcId");
    nodeSubnetIds = List.copyOf(nodeSubnetIds);
    if (isBlank(dbInstanceIdentifier) && isBlank(dbEndpointHost)) {
      throw new IllegalArgumentException(
          "name the database by its RDS instance identifier or its endpoint host");
    }
  }

  /** A query for the database with this RDS instance identifier. */
  public static AwsQuery byIdentifier(String clusterVpcId, String dbInstanceIdentifier) {
    return new AwsQuery(clusterVpcId, List.of(), dbInstanceIdentifier, null);
  }

  /** A query for the database whose endpoint address is {@code host}. */
  public static AwsQuery byEndpoint(String clusterVpcId, String host) {
    return new AwsQuery(clusterVpcId, List.of(), null, host);
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }
}
