package io.peerfix.lab;

import io.peerfix.lab.Scenario.Nacl;
import io.peerfix.lab.Scenario.NaclEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The router namespace plays the AWS fabric: bridge {@code k8s} is the cluster VPC, bridge {@code
 * peer} the peered VPC. Policy routing gives each VPC its own route table (101 for packets arriving
 * from the cluster, 102 from the peer) ending in a blackhole, so a missing route drops silently as
 * AWS does. The filter table carries the peering (only the two VPCs' CIDRs cross, nothing when it
 * is not active) and the stateless network ACLs.
 */
final class RouterConfig {
  static final String CLUSTER_BRIDGE = "k8s";
  static final String PEER_BRIDGE = "peer";
  static final int CLUSTER_TABLE = 101;
  static final int PEER_TABLE = 102;

  private final Scenario scenario;
  private final AddressPlan plan;
  private final LabLayout layout;

  RouterConfig(AddressPlan plan, LabLayout layout) {
    this.scenario = plan.scenario();
    this.plan = plan;
    this.layout = layout;
  }

  /** {@code ip -batch} lines run inside the router: bridges, every veth of the lab, routes. */
  List<String> ipBatch() {
    List<String> lines = new ArrayList<>();
    lines.add("link set lo up");
    bridge(lines, CLUSTER_BRIDGE, scenario.cluster().vpc().cidrs());
    bridge(lines, PEER_BRIDGE, scenario.peer().vpc().cidrs());
    for (int i = 1; i <= layout.nodes(); i++) {
      port(lines, "n" + i, layout.node(i), CLUSTER_BRIDGE);
    }
    port(lines, "dns0", layout.dns(), CLUSTER_BRIDGE);
    port(lines, "tgt0", layout.target(), PEER_BRIDGE);
    lines.add("rule add iif " + CLUSTER_BRIDGE + " lookup " + CLUSTER_TABLE + " pref 1000");
    lines.add("rule add iif " + PEER_BRIDGE + " lookup " + PEER_TABLE + " pref 1001");
    clusterRouteTable(lines);
    peerRouteTable(lines);
    return lines;
  }

  /** The cluster VPC's route table: local CIDRs, the nodes' pod ranges, routes to the peer. */
  private void clusterRouteTable(List<String> lines) {
    for (String cidr : scenario.cluster().vpc().cidrs()) {
      lines.add(route(cidr, "dev " + CLUSTER_BRIDGE, CLUSTER_TABLE));
    }
    for (int i = 1; i <= layout.nodes(); i++) {
      lines.add(
          route(
              plan.podCidr(i), "via " + plan.nodeIp(i) + " dev " + CLUSTER_BRIDGE, CLUSTER_TABLE));
    }
    for (String cidr : routesToPeer()) {
      lines.add(route(cidr, "dev " + PEER_BRIDGE, CLUSTER_TABLE));
    }
    lines.add("route add blackhole default table " + CLUSTER_TABLE);
  }

  /** The peer VPC's route table: local CIDRs and the routes back through the peering. */
  private void peerRouteTable(List<String> lines) {
    for (String cidr : scenario.peer().vpc().cidrs()) {
      lines.add(route(cidr, "dev " + PEER_BRIDGE, PEER_TABLE));
    }
    for (String cidr : scenario.peer().routesBack()) {
      lines.add(route(cidr, "dev " + CLUSTER_BRIDGE, PEER_TABLE));
    }
    lines.add("route add blackhole default table " + PEER_TABLE);
  }

  /** The cluster route table's routes to the peer; without the key, one per peer CIDR. */
  List<String> routesToPeer() {
    List<String> listed = scenario.cluster().routesToPeer();
    return listed == null ? scenario.peer().vpc().cidrs() : listed;
  }

  /** {@code iptables-restore} input for the router's filter table. */
  String filterRules() {
    StringBuilder chains = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n");
    chains.append(":FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    List<String> rules = new ArrayList<>();
    String out = "-A FORWARD -i " + CLUSTER_BRIDGE + " -o " + PEER_BRIDGE;
    String in = "-A FORWARD -i " + PEER_BRIDGE + " -o " + CLUSTER_BRIDGE;
    String pcx = scenario.peer().peering().id();
    if (!scenario.peer().peering().active()) {
      String why =
          comment(pcx + " is " + scenario.peer().peering().state().code() + ": carries nothing");
      rules.add(out + why + " -j DROP");
      rules.add(in + why + " -j DROP");
    } else {
      chains.append(":PCX-REQUESTER - [0:0]\n:PCX-ACCEPTER - [0:0]\n");
      rules.add(out + " -j PCX-REQUESTER");
      rules.add(in + " -j PCX-ACCEPTER");
      peeringChain(
          rules, "PCX-REQUESTER", scenario.cluster().vpc().cidrs(), scenario.peer().vpc().cidrs());
      peeringChain(
          rules, "PCX-ACCEPTER", scenario.peer().vpc().cidrs(), scenario.cluster().vpc().cidrs());
    }
    nacl(chains, rules, scenario.cluster().nacl(), "NACL-CLUSTER", in, out);
    nacl(chains, rules, scenario.peer().nacl(), "NACL-PEER", out, in);
    return chains + String.join("\n", rules) + "\nCOMMIT\n";
  }

  private void peeringChain(List<String> rules, String chain, List<String> from, List<String> to) {
    for (String src : from) {
      for (String dst : to) {
        rules.add("-A " + chain + " -s " + src + " -d " + dst + " -j RETURN");
      }
    }
    String pcx = scenario.peer().peering().id();
    rules.add("-A " + chain + comment(pcx + " carries only the two VPCs' CIDRs") + " -j DROP");
  }

  /**
   * A subnet's ACL as two chains: inbound entries judge packets entering the subnet ({@code
   * toSubnet}) by source, outbound ones packets leaving it by destination.
   */
  private static void nacl(
      StringBuilder chains,
      List<String> rules,
      Nacl nacl,
      String prefix,
      String toSubnet,
      String fromSubnet) {
    if (nacl == null) {
      return;
    }
    chains.append(':').append(prefix).append("-IN - [0:0]\n");
    chains.append(':').append(prefix).append("-OUT - [0:0]\n");
    rules.add(toSubnet + " -j " + prefix + "-IN");
    rules.add(fromSubnet + " -j " + prefix + "-OUT");
    naclChain(rules, prefix + "-IN", nacl.id() + " inbound", "-s ", nacl.inbound());
    naclChain(rules, prefix + "-OUT", nacl.id() + " outbound", "-d ", nacl.outbound());
  }

  private static void naclChain(
      List<String> rules, String chain, String label, String peerFlag, List<NaclEntry> entries) {
    entries.stream()
        .sorted(Comparator.comparingInt(NaclEntry::rule))
        .forEach(
            e -> {
              StringBuilder r = new StringBuilder("-A " + chain + " " + peerFlag + e.cidr());
              if (e.protocol().equals("tcp")) {
                r.append(" -p tcp");
                if (e.fromPort() != null) {
                  r.append(" --dport ").append(e.fromPort()).append(':').append(e.toPort());
                }
              }
              r.append(comment(label + " rule " + e.rule()));
              r.append(e.allows() ? " -j RETURN" : " -j DROP");
              rules.add(r.toString());
            });
    rules.add("-A " + chain + comment(label + " rule * (implicit deny)") + " -j DROP");
  }

  private static void bridge(List<String> lines, String name, List<String> cidrs) {
    lines.add("link add " + name + " type bridge");
    for (String cidr : cidrs) {
      String first = ScenarioValues.network(cidr).increment(1).toString();
      lines.add("addr add " + first + "/" + ScenarioValues.prefix(cidr) + " dev " + name);
    }
    lines.add("link set " + name + " up");
  }

  private static void port(List<String> lines, String name, String peerNamespace, String bridge) {
    lines.add("link add " + name + " type veth peer name eth0 netns " + peerNamespace);
    lines.add("link set " + name + " master " + bridge);
    lines.add("link set " + name + " up");
  }

  private static String route(String cidr, String via, int table) {
    return "route add " + cidr + " " + via + " table " + table;
  }

  private static String comment(String text) {
    return " -m comment --comment \"" + text.replace("\"", "'") + "\"";
  }
}
