package io.peerfix.lab;

import io.peerfix.lab.Scenario.IngressRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What goes into the namespaces other than the router: {@code ip -batch} lines for nodes, pods, the
 * target and the DNS server, each node's nat table and the target's security group. Pure text, so
 * it is checked without a kernel.
 */
final class MemberConfig {
  private static final Set<String> BUILTIN_NAT_CHAINS =
      Set.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING");
  private static final Pattern CHAIN_REF = Pattern.compile("^-[AIN]\\s+(\\S+)");

  private final AddressPlan plan;
  private final LabLayout layout;

  MemberConfig(AddressPlan plan, LabLayout layout) {
    this.plan = plan;
    this.layout = layout;
  }

  /** Node i: eth0 in the cluster VPC, default via the VPC router, bridge cbr0, the pod's veth. */
  List<String> node(int i) {
    List<String> lines = new ArrayList<>();
    lines.add("link set lo up");
    lines.add("addr add " + plan.nodeIp(i) + "/" + plan.clusterPrefix() + " dev eth0");
    lines.add("link set eth0 up");
    lines.add("route add default via " + plan.routerClusterIp());
    lines.add("link add cbr0 type bridge");
    lines.add("addr add " + plan.bridgeIp(i) + "/24 dev cbr0");
    lines.add("link set cbr0 up");
    lines.add("link add veth1 type veth peer name eth0 netns " + layout.pod(i));
    lines.add("link set veth1 master cbr0");
    lines.add("link set veth1 up");
    return lines;
  }

  /** Pod i: eth0 on its node's cbr0, default via the bridge. */
  List<String> pod(int i) {
    return host(plan.podIp(i), 24, plan.bridgeIp(i));
  }

  List<String> target() {
    return host(
        plan.scenario().peer().target().ip(), plan.targetPrefix(), plan.routerTargetSideIp());
  }

  /** The DNS server sits in the cluster VPC, as AWS's resolver does (VPC base + 2 by default). */
  List<String> dns() {
    return host(plan.dnsIp(), plan.clusterPrefix(), plan.routerClusterIp());
  }

  /**
   * Node i's nat table for {@code iptables-restore}: the scenario's lines with {@code ${NODE_IP}}
   * and {@code ${NODE_POD_CIDR}} filled in, custom chains declared, {@code -N} lines turned into
   * declarations.
   */
  String natTable(int i) {
    return String.join("\n", natTableLines(i).stream().map(NatLine::text).toList()) + "\n";
  }

  /**
   * The line of {@code cluster.natRules} (0-based) that line {@code number} (1-based, as
   * iptables-restore counts) of node i's nat table comes from, or -1 for a line peerfix added.
   */
  int natRulesIndex(int i, int number) {
    List<NatLine> lines = natTableLines(i);
    return number < 1 || number > lines.size() ? -1 : lines.get(number - 1).source();
  }

  /**
   * The first line of {@code cluster.natRules} (0-based) whose text on node i contains {@code
   * word}, or -1: for errors that name a word but point at a line peerfix generated (nf_tables
   * reports a missing chain at COMMIT).
   */
  int natRulesIndexMentioning(int i, String word) {
    return natTableLines(i).stream()
        .filter(l -> l.source() >= 0 && l.text().contains(word))
        .mapToInt(NatLine::source)
        .findFirst()
        .orElse(-1);
  }

  /** One line of a generated nat table and the natRules line it came from (-1: generated). */
  record NatLine(String text, int source) {}

  private List<NatLine> natTableLines(int i) {
    String rules =
        plan.scenario()
            .cluster()
            .natRules()
            .replace(Scenario.NODE_IP, plan.nodeIp(i))
            .replace(Scenario.NODE_POD_CIDR, plan.podCidr(i));
    Map<String, Integer> declared = new LinkedHashMap<>();
    List<NatLine> body = new ArrayList<>();
    String[] raws = rules.split("\n");
    for (int index = 0; index < raws.length; index++) {
      String line = raws[index].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith(":")) {
        declared.putIfAbsent(line.substring(1).split("\\s+")[0], index);
        continue;
      }
      Matcher m = CHAIN_REF.matcher(line);
      if (m.find()) {
        declared.putIfAbsent(m.group(1), index);
      }
      if (!line.startsWith("-N")) {
        body.add(new NatLine(line, index));
      }
    }
    List<NatLine> out = new ArrayList<>();
    out.add(new NatLine("*nat", -1));
    for (String chain : List.of("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING")) {
      out.add(new NatLine(":" + chain + " ACCEPT [0:0]", -1));
    }
    declared.forEach(
        (chain, index) -> {
          if (!BUILTIN_NAT_CHAINS.contains(chain)) {
            out.add(new NatLine(":" + chain + " - [0:0]", index));
          }
        });
    out.addAll(body);
    out.add(new NatLine("COMMIT", -1));
    return out;
  }

  /**
   * The target's security group as a stateful INPUT filter: replies of allowed connections pass
   * through conntrack, listed ingress is accepted, everything else is dropped without an answer.
   */
  String securityGroup() {
    var sg = plan.scenario().peer().securityGroup();
    StringBuilder out = new StringBuilder("*filter\n");
    out.append(":INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n");
    out.append("-A INPUT -i lo -j ACCEPT\n");
    out.append("-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n");
    for (IngressRule rule : sg.ingress()) {
      out.append("-A INPUT -s ")
          .append(rule.cidr())
          .append(" -p tcp --dport ")
          .append(rule.port())
          .append(" -m comment --comment \"")
          .append(sg.id())
          .append(" ingress\" -j ACCEPT\n");
    }
    out.append("-A INPUT -m comment --comment \"").append(sg.id()).append(" default deny\"");
    out.append(" -j DROP\nCOMMIT\n");
    return out.toString();
  }

  private static List<String> host(String ip, int prefix, String gateway) {
    return List.of(
        "link set lo up",
        "addr add " + ip + "/" + prefix + " dev eth0",
        "link set eth0 up",
        "route add default via " + gateway);
  }
}
