package io.peerfix.vpc;

import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import java.util.ArrayList;
import java.util.List;

/**
 * A mutable builder for test networks, starting from the seed incident: cluster VPC vpc-k8s
 * 172.20.0.0/16 with node subnet subnet-k8s-a, peer VPC vpc-prod 10.0.0.0/16 with database subnet
 * subnet-db-a, active peering pcx-1 (vpc-k8s requests), routes both ways, sg-rds allowing
 * 172.20.0.0/16 on 5432, allow-all default network ACLs, database orders-db at 10.0.5.20:5432.
 */
final class SeedNetwork {
  static final Ipv4 NODE = Ipv4.parse("172.20.1.10");
  static final Ipv4 POD = Ipv4.parse("10.244.1.5");
  static final Ipv4 DB_IP = Ipv4.parse("10.0.5.20");
  static final int PORT = 5432;

  Vpc clusterVpc = new Vpc("vpc-k8s", List.of(Cidr.parse("172.20.0.0/16")));
  Vpc peerVpc = new Vpc("vpc-prod", List.of(Cidr.parse("10.0.0.0/16")));
  final List<Subnet> subnets =
      new ArrayList<>(
          List.of(
              new Subnet("subnet-k8s-a", "vpc-k8s", Cidr.parse("172.20.1.0/24"), "us-east-1a"),
              new Subnet("subnet-db-a", "vpc-prod", Cidr.parse("10.0.5.0/24"), "us-east-1a")));
  final List<PeeringConnection> peerings =
      new ArrayList<>(List.of(peering("pcx-1", PeeringStatus.ACTIVE)));
  final List<RouteTable> routeTables =
      new ArrayList<>(
          List.of(
              new RouteTable(
                  "rtb-k8s",
                  "vpc-k8s",
                  true,
                  List.of(),
                  List.of(
                      Route.active(Cidr.parse("172.20.0.0/16"), RouteTargetKind.LOCAL, "local"),
                      Route.active(Cidr.parse("10.0.0.0/16"), RouteTargetKind.PEERING, "pcx-1"),
                      Route.active(
                          Cidr.parse("0.0.0.0/0"), RouteTargetKind.INTERNET_GATEWAY, "igw-1"))),
              new RouteTable(
                  "rtb-prod",
                  "vpc-prod",
                  true,
                  List.of(),
                  List.of(
                      Route.active(Cidr.parse("10.0.0.0/16"), RouteTargetKind.LOCAL, "local"),
                      Route.active(
                          Cidr.parse("172.20.0.0/16"), RouteTargetKind.PEERING, "pcx-1")))));
  final List<SecurityGroup> securityGroups =
      new ArrayList<>(
          List.of(
              new SecurityGroup(
                  "sg-rds",
                  "rds",
                  "vpc-prod",
                  List.of(SecurityGroupRule.tcpFromCidrs(PORT, Cidr.parse("172.20.0.0/16"))),
                  List.of(allTraffic("0.0.0.0/0")))));
  final List<NetworkAcl> networkAcls =
      new ArrayList<>(List.of(allowAll("acl-k8s", "vpc-k8s"), allowAll("acl-prod", "vpc-prod")));
  DbInstance database =
      new DbInstance(
          "orders-db",
          "orders.cluster-1.us-east-1.rds.amazonaws.com",
          PORT,
          List.of(DB_IP),
          "vpc-prod",
          List.of("subnet-db-a", "subnet-db-b"),
          List.of("sg-rds"),
          false,
          "available");
  final List<ReadWarning> warnings = new ArrayList<>();

  AwsNetwork build() {
    return new AwsNetwork(
        clusterVpc,
        peerVpc,
        subnets,
        peerings,
        routeTables,
        securityGroups,
        networkAcls,
        database,
        warnings);
  }

  static PeeringConnection peering(String id, PeeringStatus status) {
    return new PeeringConnection(
        id,
        new PeeringSide(
            "vpc-k8s", "111111111111", "us-east-1", List.of(Cidr.parse("172.20.0.0/16")), false),
        new PeeringSide(
            "vpc-prod", "111111111111", "us-east-1", List.of(Cidr.parse("10.0.0.0/16")), false),
        status,
        null);
  }

  static SecurityGroupRule allTraffic(String cidr) {
    return new SecurityGroupRule("-1", -1, -1, List.of(Cidr.parse(cidr)), List.of(), List.of());
  }

  static NetworkAcl allowAll(String id, String vpcId) {
    return new NetworkAcl(
        id,
        vpcId,
        true,
        List.of(),
        List.of(
            new NetworkAclEntry(100, false, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), true),
            new NetworkAclEntry(32767, false, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false),
            new NetworkAclEntry(100, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), true),
            new NetworkAclEntry(32767, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false)));
  }

  /** Replaces the route table with this id by one with these routes. */
  SeedNetwork routes(String tableId, Route... routes) {
    routeTables.replaceAll(
        t ->
            t.id().equals(tableId)
                ? new RouteTable(t.id(), t.vpcId(), t.main(), t.subnetIds(), List.of(routes))
                : t);
    return this;
  }

  /** Replaces the network ACL with this id by one with these entries. */
  SeedNetwork aclEntries(String aclId, NetworkAclEntry... entries) {
    networkAcls.replaceAll(
        a ->
            a.id().equals(aclId)
                ? new NetworkAcl(a.id(), a.vpcId(), a.isDefault(), a.subnetIds(), List.of(entries))
                : a);
    return this;
  }

  /** Replaces sg-rds's ingress rules. */
  SeedNetwork rdsIngress(SecurityGroupRule... rules) {
    securityGroups.replaceAll(
        g ->
            g.id().equals("sg-rds")
                ? new SecurityGroup(g.id(), g.name(), g.vpcId(), List.of(rules), g.egress())
                : g);
    return this;
  }

  static PathEvaluation evaluate(AwsNetwork network, Ipv4 source) {
    return evaluate(network, source, DB_IP);
  }

  static PathEvaluation evaluate(AwsNetwork network, Ipv4 source, Ipv4 destination) {
    return new PathEvaluator().evaluate(network, PathQuery.of(source, destination, PORT));
  }

  PathEvaluation fromNode() {
    return evaluate(build(), NODE);
  }

  PathEvaluation fromPod() {
    return new PathEvaluator()
        .evaluate(
            build(),
            new PathQuery(
                POD, "subnet-k8s-a", List.of(), Cidr.parse("10.244.0.0/16"), DB_IP, PORT));
  }
}
