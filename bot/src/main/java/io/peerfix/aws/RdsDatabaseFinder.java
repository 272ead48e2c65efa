package io.peerfix.aws;

import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.DbInstance;
import io.peerfix.vpc.ReadWarning;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;

/**
 * Finds the database: by instance identifier, or by endpoint host among all instances (paginated),
 * and failing that among Aurora cluster endpoints, taking the cluster's writer (else first) member.
 */
final class RdsDatabaseFinder {
  private final RdsClient rds;

  RdsDatabaseFinder(RdsClient rds) {
    this.rds = rds;
  }

  Optional<DbInstance> find(AwsQuery query, AwsCalls calls) {
    if (query.dbInstanceIdentifier() != null && !query.dbInstanceIdentifier().isBlank()) {
      return byIdentifier(query.dbInstanceIdentifier(), calls);
    }
    String host = query.dbEndpointHost().trim().toLowerCase(Locale.ROOT);
    Optional<List<DBInstance>> all =
        calls.read(
            AwsResource.DB_INSTANCES,
            () -> rds.describeDBInstancesPaginator(b -> {}).dbInstances().stream().toList());
    if (all.isEmpty()) {
      return Optional.empty();
    }
    Optional<DBInstance> match =
        all.get().stream()
            .filter(i -> i.endpoint() != null && host.equalsIgnoreCase(i.endpoint().address()))
            .findFirst();
    if (match.isPresent()) {
      return match.map(RdsDatabaseFinder::toModel);
    }
    return byClusterEndpoint(host, all.get(), calls);
  }

  private Optional<DbInstance> byIdentifier(String identifier, AwsCalls calls) {
    Optional<List<DBInstance>> found =
        calls.read(AwsResource.DB_INSTANCES, () -> describeOrEmpty(identifier));
    if (found.isPresent() && found.get().isEmpty()) {
      return notFound(
          calls, "no RDS instance is named " + identifier + " in this account and region");
    }
    return found.flatMap(list -> list.stream().findFirst()).map(RdsDatabaseFinder::toModel);
  }

  private List<DBInstance> describeOrEmpty(String identifier) {
    try {
      return rds.describeDBInstances(b -> b.dbInstanceIdentifier(identifier)).dbInstances();
    } catch (DbInstanceNotFoundException e) {
      return List.of();
    }
  }

  private Optional<DbInstance> byClusterEndpoint(
      String host, List<DBInstance> instances, AwsCalls calls) {
    Optional<List<DBCluster>> clusters =
        calls.read(
            AwsResource.DB_CLUSTERS,
            () -> rds.describeDBClustersPaginator(b -> {}).dbClusters().stream().toList());
    Optional<DBCluster> cluster =
        clusters.orElse(List.of()).stream()
            .filter(
                c ->
                    host.equalsIgnoreCase(c.endpoint())
                        || host.equalsIgnoreCase(c.readerEndpoint()))
            .findFirst();
    if (cluster.isEmpty()) {
      return clusters.isEmpty()
          ? Optional.empty()
          : notFound(calls, "no RDS instance or cluster has the endpoint " + host);
    }
    List<DBClusterMember> members = cluster.get().dbClusterMembers();
    Optional<String> memberId =
        members.stream()
            .filter(m -> Boolean.TRUE.equals(m.isClusterWriter()))
            .findFirst()
            .or(() -> members.stream().findFirst())
            .map(DBClusterMember::dbInstanceIdentifier);
    Optional<DbInstance> member =
        memberId
            .flatMap(
                id ->
                    instances.stream().filter(i -> id.equals(i.dbInstanceIdentifier())).findFirst())
            .map(i -> toModel(i, host));
    if (member.isEmpty()) {
      return notFound(calls, "cluster " + cluster.get().dbClusterIdentifier() + " has no instance");
    }
    return member;
  }

  private static Optional<DbInstance> notFound(AwsCalls calls, String detail) {
    calls.warn(ReadWarning.failed(AwsResource.DB_INSTANCES, detail));
    return Optional.empty();
  }

  private static DbInstance toModel(DBInstance i) {
    return toModel(i, i.endpoint() == null ? null : i.endpoint().address());
  }

  private static DbInstance toModel(DBInstance i, String host) {
    var group = i.dbSubnetGroup();
    return new DbInstance(
        i.dbInstanceIdentifier(),
        host,
        i.endpoint() == null || i.endpoint().port() == null ? 0 : i.endpoint().port(),
        List.of(),
        group == null ? null : group.vpcId(),
        group == null
            ? List.of()
            : group.subnets().stream()
                .map(s -> s.subnetIdentifier())
                .filter(Objects::nonNull)
                .toList(),
        i.vpcSecurityGroups().stream()
            .map(g -> g.vpcSecurityGroupId())
            .filter(Objects::nonNull)
            .toList(),
        Boolean.TRUE.equals(i.publiclyAccessible()),
        i.dbInstanceStatus());
  }
}
