package io.peerfix.aws;

import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.AwsNetworkReader;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.DbInstance;
import io.peerfix.vpc.NetworkAcl;
import io.peerfix.vpc.PeeringConnection;
import io.peerfix.vpc.ReadWarning;
import io.peerfix.vpc.RouteTable;
import io.peerfix.vpc.SecurityGroup;
import io.peerfix.vpc.Subnet;
import io.peerfix.vpc.Vpc;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * Reads the AWS network for one diagnosis through EC2 and RDS describe calls (read-only, paginated
 * with the SDK's paginators, throttling retried by the SDK's retry policy). Every failed call
 * becomes a warning in the returned view, naming the IAM action when permission was denied, or the
 * service and where it was sought when it could not be reached (its further calls are then not
 * tried); {@link #read} itself never throws for AWS errors.
 *
 * <p>Calls: DescribeDBInstances (and DescribeDBClusters when an endpoint is a cluster endpoint),
 * DescribeVpcs, DescribeSubnets, DescribeVpcPeeringConnections (twice: the cluster VPC as
 * requester, then as accepter), DescribeRouteTables, DescribeNetworkAcls, DescribeSecurityGroups
 * (the database's groups, then the groups their rules reference).
 */
public final class AwsSdkNetworkReader implements AwsNetworkReader, AutoCloseable {
  private final Ec2Client ec2;
  private final RdsClient rds;
  private final RdsDatabaseFinder databases;

  /** A reader over these clients; closing the reader closes them. */
  public AwsSdkNetworkReader(Ec2Client ec2, RdsClient rds) {
    this.ec2 = ec2;
    this.rds = rds;
    this.databases = new RdsDatabaseFinder(rds);
  }

  /** Closes both clients (their HTTP connections and credential providers). */
  @Override
  public void close() {
    try {
      ec2.close();
    } finally {
      rds.close();
    }
  }

  /**
   * Only the database the query names (its endpoint, port and VPC), e.g. to learn where an RDS
   * instance id points before probing it; empty when RDS does not know it or cannot be read.
   *
   * @throws AwsUnreachableException when RDS cannot be reached at all (no connection, no answer in
   *     time, a host name that does not resolve)
   */
  public Optional<DbInstance> database(AwsQuery query) {
    AwsCalls calls = calls();
    Optional<DbInstance> found = databases.find(query, calls);
    calls
        .unreachable("RDS")
        .ifPresent(
            text -> {
              throw new AwsUnreachableException(text);
            });
    return found;
  }

  @Override
  public AwsNetwork read(AwsQuery query) {
    AwsCalls calls = calls();
    Optional<DbInstance> database = databases.find(query, calls);
    String clusterVpcId = query.clusterVpcId();
    Optional<String> peerVpcId = database.map(DbInstance::vpcId);
    List<String> vpcIds = new ArrayList<>(new LinkedHashSet<>(listOf(clusterVpcId, peerVpcId)));

    Map<String, Vpc> vpcs = vpcs(vpcIds, calls);
    Vpc clusterVpc = vpcs.getOrDefault(clusterVpcId, new Vpc(clusterVpcId, List.of()));
    Vpc peerVpc = peerVpcId.map(id -> vpcs.getOrDefault(id, new Vpc(id, List.of()))).orElse(null);

    return new AwsNetwork(
        clusterVpc,
        peerVpc,
        subnets(vpcIds, calls),
        peerings(clusterVpcId, calls),
        routeTables(vpcIds, calls),
        securityGroups(database.map(DbInstance::securityGroupIds).orElse(List.of()), calls),
        networkAcls(vpcIds, calls),
        database.orElse(null),
        calls.warnings());
  }

  private AwsCalls calls() {
    return new AwsCalls(
        service ->
            where(
                service.equals("RDS")
                    ? rds.serviceClientConfiguration()
                    : ec2.serviceClientConfiguration()));
  }

  /** {@code at ENDPOINT} when it is set, else {@code in REGION}. */
  private static String where(AwsServiceClientConfiguration config) {
    return config
        .endpointOverride()
        .map(uri -> "at " + uri)
        .orElseGet(
            () -> "in " + (config.region() == null ? "the default region" : config.region()));
  }

  private Map<String, Vpc> vpcs(List<String> ids, AwsCalls calls) {
    Map<String, Vpc> byId = new LinkedHashMap<>();
    calls
        .read(
            AwsResource.VPCS,
            () ->
                ec2.describeVpcsPaginator(b -> b.filters(filter("vpc-id", ids))).vpcs().stream()
                    .map(Ec2Mapper::vpc)
                    .toList())
        .ifPresent(
            list -> {
              list.forEach(v -> byId.put(v.id(), v));
              ids.stream()
                  .filter(id -> !byId.containsKey(id))
                  .forEach(
                      id ->
                          calls.warn(
                              ReadWarning.failed(
                                  AwsResource.VPCS,
                                  "no VPC " + id + " in this account and region")));
            });
    return byId;
  }

  private List<Subnet> subnets(List<String> vpcIds, AwsCalls calls) {
    return calls
        .read(
            AwsResource.SUBNETS,
            () ->
                ec2
                    .describeSubnetsPaginator(b -> b.filters(filter("vpc-id", vpcIds)))
                    .subnets()
                    .stream()
                    .map(Ec2Mapper::subnet)
                    .flatMap(Optional::stream)
                    .toList())
        .orElse(List.of());
  }

  private List<PeeringConnection> peerings(String clusterVpcId, AwsCalls calls) {
    return calls
        .read(
            AwsResource.PEERING_CONNECTIONS,
            () -> {
              Map<String, PeeringConnection> byId = new LinkedHashMap<>();
              for (String side : List.of("requester-vpc-info.vpc-id", "accepter-vpc-info.vpc-id")) {
                ec2.describeVpcPeeringConnectionsPaginator(
                        b -> b.filters(filter(side, List.of(clusterVpcId))))
                    .vpcPeeringConnections()
                    .forEach(
                        p -> byId.putIfAbsent(p.vpcPeeringConnectionId(), Ec2Mapper.peering(p)));
              }
              return List.copyOf(byId.values());
            })
        .orElse(List.of());
  }

  private List<RouteTable> routeTables(List<String> vpcIds, AwsCalls calls) {
    return calls
        .read(
            AwsResource.ROUTE_TABLES,
            () ->
                ec2
                    .describeRouteTablesPaginator(b -> b.filters(filter("vpc-id", vpcIds)))
                    .routeTables()
                    .stream()
                    .map(Ec2Mapper::routeTable)
                    .toList())
        .orElse(List.of());
  }

  private List<NetworkAcl> networkAcls(List<String> vpcIds, AwsCalls calls) {
    return calls
        .read(
            AwsResource.NETWORK_ACLS,
            () ->
                ec2
                    .describeNetworkAclsPaginator(b -> b.filters(filter("vpc-id", vpcIds)))
                    .networkAcls()
                    .stream()
                    .map(Ec2Mapper::networkAcl)
                    .toList())
        .orElse(List.of());
  }

  /** The database's groups, then once more the groups their rules reference (not yet read). */
  private List<SecurityGroup> securityGroups(List<String> ids, AwsCalls calls) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<SecurityGroup> groups = new ArrayList<>(describeGroups(ids, calls));
    Set<String> known = new LinkedHashSet<>(ids);
    List<String> referenced =
        groups.stream()
            .flatMap(g -> java.util.stream.Stream.concat(g.ingress().stream(), g.egress().stream()))
            .flatMap(r -> r.groupIds().stream())
            .filter(known::add)
            .toList();
    if (!referenced.isEmpty()) {
      groups.addAll(describeGroups(referenced, calls));
    }
    return groups;
  }

  private List<SecurityGroup> describeGroups(Collection<String> ids, AwsCalls calls) {
    // A group-id filter (rather than GroupIds) tolerates groups that are gone or in another
    // account.
    return calls
        .read(
            AwsResource.SECURITY_GROUPS,
            () ->
                ec2
                    .describeSecurityGroupsPaginator(b -> b.filters(filter("group-id", ids)))
                    .securityGroups()
                    .stream()
                    .map(Ec2Mapper::securityGroup)
                    .toList())
        .orElse(List.of());
  }

  private static Filter filter(String name, Collection<String> values) {
    return Filter.builder().name(name).values(values).build();
  }

  private static List<String> listOf(String first, Optional<String> second) {
    List<String> ids = new ArrayList<>(List.of(first));
    second.filter(s -> !s.isBlank()).ifPresent(ids::add);
    return ids;
  }
}
