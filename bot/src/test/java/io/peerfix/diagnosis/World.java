package io.peerfix.diagnosis;

import io.peerfix.facts.Cni;
import io.peerfix.facts.ConnectAttempt;
import io.peerfix.facts.ConnectOutcome;
import io.peerfix.facts.DnsLookup;
import io.peerfix.facts.DnsStatus;
import io.peerfix.facts.NodeFacts;
import io.peerfix.facts.NodeInfo;
import io.peerfix.facts.ProbeProtocol;
import io.peerfix.facts.ProbeRequest;
import io.peerfix.facts.ProbeResult;
import io.peerfix.facts.ProtocolCheck;
import io.peerfix.facts.RouteEntry;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.AwsNetwork;
import io.peerfix.vpc.DbInstance;
import io.peerfix.vpc.NetworkAcl;
import io.peerfix.vpc.NetworkAclEntry;
import io.peerfix.vpc.PeeringConnection;
import io.peerfix.vpc.PeeringSide;
import io.peerfix.vpc.PeeringStatus;
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
import java.util.Map;

/**
 * A cluster and a peered VPC built from an {@link AddressPlan}, with knobs for what is broken in
 * AWS and what the probes saw, turned into {@link Observations} as the collectors would deliver
 * them. Defaults: a healthy world (active peering, routes both ways, the security group admitting
 * the cluster VPC, no network ACLs, a private DNS answer) whose probes all connect.
 */
public final class World {
  public enum Answer {
    PRIVATE,
    PUBLIC,
    NXDOMAIN
  }

  public final AddressPlan plan;
  public int nodes = 2;
  public PeeringStatus peering = PeeringStatus.ACTIVE;
  public boolean routeToPeer = true;
  public boolean routeBack = true;
  public String securityGroupCidr;
  public List<String> peeringCarries;
  public NetworkAcl dbAcl;
  public Answer dns = Answer.PRIVATE;
  public ConnectOutcome pod = ConnectOutcome.CONNECTED;
  public ConnectOutcome host = ConnectOutcome.CONNECTED;
  public Map<Integer, ConnectOutcome> podOn = Map.of();
  public boolean awsKnown = true;
  public boolean factsKnown = true;
  public Cni cni = Cni.KUBENET;
  public String natTable;
  public String outIface = "eth0";
  public String podRangeOverride;
  public int representativeFor;

  /** Pod probes that started but observed nothing (e.g. could not open a socket). */
  public boolean podProbesBroken;

  /** Extra nat rules on some nodes (by number), so their NAT fingerprint differs. */
  public Map<Integer, String> extraNatRulesOn = Map.of();

  World(AddressPlan plan) {
    this.plan = plan;
    this.securityGroupCidr = plan.clusterCidr();
    this.peeringCarries = List.of(plan.clusterCidr());
    this.natTable = "-A POSTROUTING ! -d " + plan.podRange() + " -o eth0 -j MASQUERADE";
  }

  public static World of(AddressPlan plan) {
    return new World(plan);
  }

  /** Pods time out while the nodes connect: the classic shape. */
  public World podsTimeOut() {
    pod = ConnectOutcome.TIMED_OUT;
    return this;
  }

  public World allTimeOut() {
    pod = ConnectOutcome.TIMED_OUT;
    host = ConnectOutcome.TIMED_OUT;
    return this;
  }

  public DiagnosisTarget target() {
    return new DiagnosisTarget("orders", plan.host(), plan.port(), ProbeProtocol.TCP);
  }

  public Observations observations() {
    List<NodeObservation> observed = new ArrayList<>();
    for (int i = 1; i <= nodes; i++) {
      NodeInfo info = new NodeInfo(plan.nodeName(i), List.of(plan.nodeIp(i)), podCidr(i), Map.of());
      NodeFacts facts = factsKnown ? facts(i) : null;
      if (representativeFor > 1 && i > 1) {
        observed.add(
            new NodeObservation(
                info, facts, probe(1, true, podOn.getOrDefault(1, pod)), plan.nodeName(1), nodes));
      } else {
        observed.add(
            new NodeObservation(
                info,
                facts,
                probe(i, true, podOn.getOrDefault(i, pod)),
                plan.nodeName(i),
                representativeFor > 1 ? nodes : 1));
      }
    }
    return new Observations(target(), observed, awsKnown ? aws() : null, null, List.of());
  }

  private String podCidr(int i) {
    if (podRangeOverride != null) {
      AddressPlan shifted =
          new AddressPlan("x", "", "", podRangeOverride, "", "", "", "", 1, "", "", "");
      return shifted.podCidr(i);
    }
    return plan.podCidr(i);
  }

  private String podIp(int i) {
    String cidr = podCidr(i);
    return cidr.substring(0, cidr.lastIndexOf('.')) + ".5";
  }

  private NodeFacts facts(int i) {
    List<RouteEntry> routes =
        List.of(
            new RouteEntry("default", offsetGateway(), outIface, null),
            new RouteEntry(plan.clusterCidr(), null, outIface, plan.nodeIp(i)),
            new RouteEntry(podCidr(i), null, "cbr0", null));
    return new NodeFacts(
        plan.nodeName(i),
        "legacy",
        "*nat\n"
            + natTable.replace("${NODE_IP}", plan.nodeIp(i))
            + extraNatRulesOn.getOrDefault(i, "")
            + "\nCOMMIT\n",
        "",
        List.of(plan.nodeIp(i), podCidr(i).replace(".0/24", ".1")),
        routes,
        podCidr(i),
        cni,
        probe(i, false, host),
        List.of());
  }

  private String offsetGateway() {
    return plan.nodeIp(1).substring(0, plan.nodeIp(1).lastIndexOf('.')) + ".1";
  }

  private ProbeResult probe(int node, boolean fromPod, ConnectOutcome outcome) {
    ProbeRequest request = new ProbeRequest(plan.host(), plan.port(), ProbeProtocol.TCP, 2000);
    if (fromPod && podProbesBroken) {
      return new ProbeResult(
          origin(node, true),
          request,
          null,
          null,
          List.of(),
          null,
          false,
          5,
          "cannot open a socket: permission denied");
    }
    String source = fromPod ? podIp(node) : plan.nodeIp(node);
    DnsLookup lookup = lookup();
    if (lookup.status() != DnsStatus.RESOLVED) {
      return new ProbeResult(
          origin(node, fromPod), request, null, lookup, List.of(), null, false, 30, "no address");
    }
    String address = lookup.addresses().get(0);
    long millis =
        switch (outcome) {
          case TIMED_OUT -> 2000;
          case REFUSED -> 1;
          default -> 2;
        };
    ConnectAttempt attempt =
        new ConnectAttempt(address, plan.port(), outcome, millis, source, outcome.text());
    boolean ok = outcome == ConnectOutcome.CONNECTED;
    return new ProbeResult(
        origin(node, fromPod),
        request,
        source,
        lookup,
        List.of(attempt),
        ok ? new ProtocolCheck(ProbeProtocol.TCP, true, "connected") : null,
        ok,
        millis + 3,
        ok ? null : outcome.text());
  }

  private String origin(int node, boolean fromPod) {
    return plan.nodeName(node) + (fromPod ? "/pod" : "/host-network");
  }

  private DnsLookup lookup() {
    return switch (dns) {
      case PRIVATE -> new DnsLookup(plan.host(), DnsStatus.RESOLVED, List.of(plan.dbIp()), 3, null);
      case PUBLIC ->
          new DnsLookup(plan.host(), DnsStatus.RESOLVED, List.of(plan.publicIp()), 3, null);
      case NXDOMAIN -> new DnsLookup(plan.host(), DnsStatus.NXDOMAIN, List.of(), 3, "NXDOMAIN");
    };
  }

  /** A route through the peering; EC2 shows it as a blackhole while the peering is not active. */
  private Route peeringRoute(String cidr) {
    return new Route(
        Cidr.parse(cidr),
        RouteTargetKind.PEERING,
        plan.peeringId(),
        peering == PeeringStatus.ACTIVE ? RouteState.ACTIVE : RouteState.BLACKHOLE);
  }

  public AwsNetwork aws() {
    Vpc cluster = new Vpc(plan.clusterVpcId(), List.of(Cidr.parse(plan.clusterCidr())));
    Vpc peer = new Vpc(plan.peerVpcId(), List.of(Cidr.parse(plan.peerCidr())));
    List<Subnet> subnets =
        List.of(
            new Subnet("subnet-nodes", plan.clusterVpcId(), Cidr.parse(plan.clusterCidr()), "az-a"),
            new Subnet("subnet-db", plan.peerVpcId(), Cidr.parse(plan.peerCidr()), "az-a"));
    PeeringConnection pcx =
        new PeeringConnection(
            plan.peeringId(),
            new PeeringSide(
                plan.clusterVpcId(),
                "111111111111",
                "r-1",
                peeringCarries.stream().map(Cidr::parse).toList(),
                false),
            new PeeringSide(
                plan.peerVpcId(),
                "111111111111",
                "r-1",
                List.of(Cidr.parse(plan.peerCidr())),
                false),
            peering,
            peering.code());
    List<Route> clusterRoutes = new ArrayList<>();
    clusterRoutes.add(Route.active(Cidr.parse(plan.clusterCidr()), RouteTargetKind.LOCAL, "local"));
    if (routeToPeer) {
      clusterRoutes.add(peeringRoute(plan.peerCidr()));
    }
    List<Route> peerRoutes = new ArrayList<>();
    peerRoutes.add(Route.active(Cidr.parse(plan.peerCidr()), RouteTargetKind.LOCAL, "local"));
    if (routeBack) {
      peeringCarries.forEach(c -> peerRoutes.add(peeringRoute(c)));
    }
    List<RouteTable> tables =
        List.of(
            new RouteTable("rtb-cluster", plan.clusterVpcId(), true, List.of(), clusterRoutes),
            new RouteTable("rtb-peer", plan.peerVpcId(), true, List.of(), peerRoutes));
    SecurityGroup sg =
        new SecurityGroup(
            plan.securityGroupId(),
            "db",
            plan.peerVpcId(),
            List.of(SecurityGroupRule.tcpFromCidrs(plan.port(), Cidr.parse(securityGroupCidr))),
            List.of(
                new SecurityGroupRule(
                    "-1", -1, -1, List.of(Cidr.parse("0.0.0.0/0")), List.of(), List.of())));
    DbInstance db =
        new DbInstance(
            "orders",
            plan.host(),
            plan.port(),
            List.of(Ipv4.parse(plan.dbIp())),
            plan.peerVpcId(),
            List.of("subnet-db"),
            List.of(plan.securityGroupId()),
            dns == Answer.PUBLIC,
            "available");
    return new AwsNetwork(
        cluster,
        peer,
        subnets,
        List.of(pcx),
        tables,
        List.of(sg),
        dbAcl == null ? List.of() : List.of(dbAcl),
        db,
        List.of());
  }

  /** The database subnet's ACL lets the port in but only the port out, not the replies. */
  public World aclForgetsReplies() {
    dbAcl =
        new NetworkAcl(
            "acl-db",
            plan.peerVpcId(),
            false,
            List.of("subnet-db"),
            List.of(
                new NetworkAclEntry(
                    100,
                    false,
                    "6",
                    plan.port(),
                    plan.port(),
                    Cidr.parse(plan.clusterCidr()),
                    true),
                new NetworkAclEntry(32767, false, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false),
                new NetworkAclEntry(
                    100, true, "6", plan.port(), plan.port(), Cidr.parse(plan.clusterCidr()), true),
                new NetworkAclEntry(32767, true, "-1", 0, 0, Cidr.parse("0.0.0.0/0"), false)));
    return this;
  }
}
