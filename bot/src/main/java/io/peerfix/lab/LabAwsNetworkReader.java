package io.peerfix.lab;

import io.peerfix.lab.Scenario.DnsAnswer;
import io.peerfix.lab.Scenario.Nacl;
import io.peerfix.lab.Scenario.NaclEntry;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.AwsNetworkReader;
import io.peerfix.vpc.AwsQuery;
import io.peerfix.vpc.AwsResource;
import io.peerfix.vpc.DbInstance;
import io.peerfix.vpc.NetworkAcl;
import io.peerfix.vpc.NetworkAclEntry;
import io.peerfix.vpc.PeeringConnection;
import io.peerfix.vpc.PeeringSide;
import io.peerfix.vpc.PeeringStatus;
import io.peerfix.vpc.ReadWarning;
import io.peerfix.vpc.Route;
import io.peerfix.vpc.RouteState;
import io.peerfix.vpc.RouteTable;
import io.peerfix.vpc.RouteTargetKind;
import io.peerfix.vpc.SecurityGroup;
import io.peerfix.vpc.SecurityGroupRule;
import io.peerfix.vpc.Subnet;
import io.peerfix.vpc.Vpc;
import java.util.ArrayList;
import java.util.List;

/**
 * The AWS view of a lab, as the EC2 and RDS APIs would describe the account the scenario models:
 * both VPCs with one subnet each, the peering in its state, both main route tables (the cluster's
 * with a route per node pod range, as kubenet keeps them), the database's security group, the
 * network ACLs the scenario sets (subnets without one have the default allow-all ACL, left out),
 * and the database with its private address. The kernel enforces exactly this view in the router
 * and target namespaces.
 */
public final class LabAwsNetworkReader implements AwsNetworkReader {
  /** The account id the lab's resources belong to. */
  public static final String ACCOUNT = "000000000000";

  /** The region the lab's resources are in. */
  public static final String REGION = "lab-1";

  private static final int CATCH_ALL_RULE = 32767;

  private final Scenario scenario;
  private final AddressPlan plan;

  public LabAwsNetworkReader(Scenario scenario, int nodes) {
    this.scenario = scenario;
    this.plan = new AddressPlan(scenario, nodes);
  }

  @Override
  public AwsNetwork read(AwsQuery query) {
    List<ReadWarning> warnings = new ArrayList<>();
    if (!query.clusterVpcId().equals(clusterVpc().id())) {
      warnings.add(
          ReadWarning.failed(
              AwsResource.VPCS,
              "no VPC "
                  + query.clusterVpcId()
                  + " in the lab; its cluster VPC is "
                  + clusterVpc().id()));
    }
    DbInstance database = asked(query) ? database() : null;
    if (database == null) {
      warnings.add(
          ReadWarning.failed(
              AwsResource.DB_INSTANCES,
              "no database "
                  + (query.dbInstanceIdentifier() != null
                      ? query.dbInstanceIdentifier()
                      : query.dbEndpointHost())
                  + " in the lab; it has "
                  + scenario.peer().target().name()));
    }
    return new AwsNetwork(
        clusterVpc(),
        peerVpc(),
        List.of(clusterSubnet(), peerSubnet()),
        List.of(peering()),
        List.of(clusterRouteTable(), peerRouteTable()),
        List.of(securityGroup()),
        networkAcls(),
        database,
        warnings);
  }

  /** The subnet holding the nodes: the cluster VPC's first CIDR. */
  public Subnet clusterSubnet() {
    return new Subnet(
        "subnet-" + clusterVpc().id() + "-nodes",
        clusterVpc().id(),
        Cidr.parse(plan.clusterCidr()),
        "lab-1a");
  }

  /** The subnet holding the database: the peer CIDR that contains its address. */
  public Subnet peerSubnet() {
    Cidr cidr =
        Cidr.firstContaining(peerVpc().cidrs(), Ipv4.parse(scenario.peer().target().ip()))
            .orElseThrow();
    return new Subnet("subnet-" + peerVpc().id() + "-db", peerVpc().id(), cidr, "lab-1a");
  }

  /** The EC2 instance id of node {@code i}. */
  public static String instanceId(int node) {
    return "i-lab-node" + node;
  }

  private boolean asked(AwsQuery query) {
    var target = scenario.peer().target();
    return target.name().equals(query.dbInstanceIdentifier())
        || target.host().equalsIgnoreCase(String.valueOf(query.dbEndpointHost()));
  }

  private Vpc clusterVpc() {
    return new Vpc(scenario.cluster().vpc().id(), cidrs(scenario.cluster().vpc().cidrs()));
  }

  private Vpc peerVpc() {
    return new Vpc(scenario.peer().vpc().id(), cidrs(scenario.peer().vpc().cidrs()));
  }

  /** The scenario's CIDRs, which its loader checked, as values. */
  private static List<Cidr> cidrs(List<String> texts) {
    return texts.stream().map(Cidr::parse).toList();
  }

  /**
   * The cluster VPC requested the peering; the database's side lets the cluster resolve its public
   * name to the private address unless the scenario's DNS answers with the public one.
   */
  private PeeringConnection peering() {
    var p = scenario.peer().peering();
    PeeringStatus status = p.state();
    boolean privateDns = scenario.dns().answer() != DnsAnswer.PUBLIC;
    return new PeeringConnection(
        p.id(),
        new PeeringSide(clusterVpc().id(), ACCOUNT, REGION, clusterVpc().cidrs(), false),
        new PeeringSide(peerVpc().id(), ACCOUNT, REGION, peerVpc().cidrs(), privateDns),
        status,
        status == PeeringStatus.ACTIVE ? "Active" : p.state().code());
  }

  private RouteTable clusterRouteTable() {
    List<Route> routes = new ArrayList<>();
    clusterVpc().cidrs().forEach(c -> routes.add(Route.active(c, RouteTargetKind.LOCAL, "local")));
    for (int i = 1; i <= plan.nodes(); i++) {
      routes.add(
          Route.active(Cidr.parse(plan.podCidr(i)), RouteTargetKind.INSTANCE, instanceId(i)));
    }
    List<String> toPeer = scenario.cluster().routesToPeer();
    (toPeer == null ? peerVpc().cidrs() : cidrs(toPeer)).forEach(c -> routes.add(peeringRoute(c)));
    return new RouteTable(
        "rtb-" + clusterVpc().id() + "-main",
        clusterVpc().id(),
        true,
        List.of(clusterSubnet().id()),
        routes);
  }

  private RouteTable peerRouteTable() {
    List<Route> routes = new ArrayList<>();
    peerVpc().cidrs().forEach(c -> routes.add(Route.active(c, RouteTargetKind.LOCAL, "local")));
    cidrs(scenario.peer().routesBack()).forEach(c -> routes.add(peeringRoute(c)));
    return new RouteTable(
        "rtb-" + peerVpc().id() + "-main",
        peerVpc().id(),
        true,
        List.of(peerSubnet().id()),
        routes);
  }

  /** A route through the peering; EC2 shows it as a blackhole while the peering is not active. */
  private Route peeringRoute(Cidr cidr) {
    var p = scenario.peer().peering();
    return new Route(
        cidr,
        RouteTargetKind.PEERING,
        p.id(),
        p.active() ? RouteState.ACTIVE : RouteState.BLACKHOLE);
  }

  private SecurityGroup securityGroup() {
    var sg = scenario.peer().securityGroup();
    List<SecurityGroupRule> ingress =
        sg.ingress().stream()
            .map(r -> SecurityGroupRule.tcpFromCidrs(r.port(), Cidr.parse(r.cidr())))
            .toList();
    SecurityGroupRule allOut =
        new SecurityGroupRule("-1", -1, -1, List.of(Cidr.ALL), List.of(), List.of());
    return new SecurityGroup(sg.id(), sg.id(), peerVpc().id(), ingress, List.of(allOut));
  }

  private List<NetworkAcl> networkAcls() {
    List<NetworkAcl> acls = new ArrayList<>();
    Nacl cluster = scenario.cluster().nacl();
    if (cluster != null) {
      acls.add(acl(cluster, clusterVpc().id(), clusterSubnet().id()));
    }
    Nacl peer = scenario.peer().nacl();
    if (peer != null) {
      acls.add(acl(peer, peerVpc().id(), peerSubnet().id()));
    }
    return acls;
  }

  private static NetworkAcl acl(Nacl nacl, String vpcId, String subnetId) {
    List<NetworkAclEntry> entries = new ArrayList<>();
    nacl.inbound().forEach(e -> entries.add(entry(e, false)));
    nacl.outbound().forEach(e -> entries.add(entry(e, true)));
    entries.add(new NetworkAclEntry(CATCH_ALL_RULE, false, "-1", 0, 0, Cidr.ALL, false));
    entries.add(new NetworkAclEntry(CATCH_ALL_RULE, true, "-1", 0, 0, Cidr.ALL, false));
    return new NetworkAcl(nacl.id(), vpcId, false, List.of(subnetId), entries);
  }

  private static NetworkAclEntry entry(NaclEntry e, boolean egress) {
    boolean tcp = e.protocol().equals("tcp");
    int from = e.fromPort() == null ? (tcp ? 0 : 0) : e.fromPort();
    int to = e.toPort() == null ? (tcp ? 65535 : 0) : e.toPort();
    return new NetworkAclEntry(
        e.rule(), egress, tcp ? "6" : "-1", from, to, Cidr.parse(e.cidr()), e.allows());
  }

  private DbInstance database() {
    var target = scenario.peer().target();
    return new DbInstance(
        target.name(),
        target.host(),
        target.port(),
        List.of(Ipv4.parse(target.ip())),
        peerVpc().id(),
        List.of(peerSubnet().id()),
        List.of(scenario.peer().securityGroup().id()),
        scenario.dns().answer() == DnsAnswer.PUBLIC,
        "available");
  }
}
