package io.peerfix.vpc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything peerfix knows about the AWS network for one diagnosis: the cluster's VPC, the peer VPC
 * where the database lives (null when the database could not be found; the same VPC as the
 * cluster's when there is no peering), the subnets of both, the peering connections between them in
 * any state, their route tables, security groups (the database's and those its rules reference),
 * network ACLs, the database, and warnings about what could not be read.
 *
 * <p>An empty list means there are none of that kind (the lab leaves out network ACLs that way),
 * unless a warning names that kind: then it means unknown.
 */
public record AwsNetwork(
    Vpc clusterVpc,
    Vpc peerVpc,
    List<Subnet> subnets,
    List<PeeringConnection> peerings,
    List<RouteTable> routeTables,
    List<SecurityGroup> securityGroups,
    List<NetworkAcl> networkAcls,
    DbInstance database,
    List<ReadWarning> warnings) {
  public AwsNetwork {
    Objects.requireNonNull(clusterVpc, "clusterVpc");
    subnets = List.copyOf(subnets);
    peerings = List.copyOf(peerings);
    routeTables = List.copyOf(routeTables);
    securityGroups = List.copyOf(securityGroups);
    networkAcls = List.copyOf(networkAcls);
    warnings = List.copyOf(warnings);
  }

  /** The peer VPC, if known. */
  public Optional<Vpc> findPeerVpc() {
    return Optional.ofNullable(peerVpc);
  }

  /** The database, if found. */
  public Optional<DbInstance> findDatabase() {
    return Optional.ofNullable(database);
  }

  /**
   * True when a warning says this kind of resource could not be read (so absence means unknown).
   */
  public boolean unread(AwsResource resource) {
    return warnings.stream().anyMatch(w -> w.resource() == resource);
  }

  /** The warnings as lines for the user. */
  public List<String> warningTexts() {
    return warnings.stream().map(ReadWarning::text).toList();
  }
}
