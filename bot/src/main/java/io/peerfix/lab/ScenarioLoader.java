package io.peerfix.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.peerfix.common.Problems;
import io.peerfix.common.UserInputException;
import io.peerfix.diagnosis.RootCause;
import io.peerfix.lab.Scenario.Cluster;
import io.peerfix.lab.Scenario.Dns;
import io.peerfix.lab.Scenario.DnsAnswer;
import io.peerfix.lab.Scenario.Expect;
import io.peerfix.lab.Scenario.IngressRule;
import io.peerfix.lab.Scenario.Nacl;
import io.peerfix.lab.Scenario.NaclEntry;
import io.peerfix.lab.Scenario.Peer;
import io.peerfix.lab.Scenario.Peering;
import io.peerfix.lab.Scenario.SecurityGroup;
import io.peerfix.lab.Scenario.Target;
import io.peerfix.lab.Scenario.Vpc;
import io.peerfix.net.Cidr;
import io.peerfix.net.Ipv4;
import io.peerfix.vpc.PeeringStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads scenario YAML into a validated {@link Scenario}. Every mistake (a missing or unknown key,
 * an address that is not IPv4, a target outside its VPC, more nodes than the pod range holds) is a
 * {@link UserInputException} naming the file and the key.
 */
public final class ScenarioLoader {
  /** The root causes a scenario may expect, as written: {@link RootCause}'s names. */
  public static final List<String> ROOT_CAUSES =
      Arrays.stream(RootCause.values()).map(Enum::name).toList();

  /** Peering states as EC2 names them: {@link PeeringStatus}'s codes (unknown left out). */
  private static final List<String> PEERING_STATES =
      Arrays.stream(PeeringStatus.values())
          .filter(s -> s != PeeringStatus.UNKNOWN)
          .map(PeeringStatus::code)
          .toList();

  /** Most nodes a scenario may have: interface names and pod /24s stay simple below this. */
  public static final int MAX_NODES = 250;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ScenarioLoader() {}

  /** Reads and validates the scenario file at {@code file}. */
  public static Scenario fromFile(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException("scenario file " + file + " does not exist");
    } catch (IOException e) {
      throw new UserInputException(
          "cannot read scenario file " + file + ": " + Problems.fileReason(e));
    }
    return parse(file.toString(), text);
  }

  /** Parses {@code yaml}; {@code source} names it in errors (a file path or a built-in name). */
  public static Scenario parse(String source, String yaml) {
    JsonNode document;
    try {
      document = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
      throw new UserInputException(
          source + ": not valid YAML" + where + ": " + e.getOriginalMessage());
    }
    return scenario(YamlObject.root(source, document), NatRulesLocation.in(yaml));
  }

  private static Scenario scenario(YamlObject root, NatRulesLocation natRulesLines) {
    String name = root.string("name");
    if (!NAME.matcher(name).matches()) {
      throw root.error("name", "use lower-case letters, digits and dashes, got '" + name + "'");
    }
    String description = root.string("description", "");
    Cluster cluster = cluster(root.object("cluster"), natRulesLines);
    Peer peer = peer(root.object("peer"));
    Dns dns = dns(root, cluster);
    // Optional: a user rebuilding their own incident may not know its cause; that is what the
    // diagnosis is for. Every built-in scenario states it (ScenarioLoaderTest checks).
    Expect expect =
        root.has("expect") ? expect(root.object("expect"), cluster.natRules()) : Expect.NONE;
    root.rejectUnknownKeys();
    Scenario scenario = new Scenario(name, description, cluster, peer, dns, expect);
    checkAddressPlan(root, scenario);
    return scenario;
  }

  private static Cluster cluster(YamlObject o, NatRulesLocation natRulesLines) {
    Vpc vpc = vpc(o.object("vpc"));
    String podCidr = cidr(o, "podCidr");
    if (prefix(podCidr) > 23) {
      throw o.error("podCidr", "must be /23 or larger: node i gets its i-th /24");
    }
    int nodes = o.integer("nodes", 2);
    checkNodeCount(o, "nodes", nodes, podCidr);
    String natRules = o.string("natRules");
    checkNatRules(o, natRules, natRulesLines);
    List<String> routesToPeer = o.has("routesToPeer") ? cidrs(o, "routesToPeer") : null;
    IPAddress first = network(vpc.cidrs().get(0));
    String firstNodeIp =
        o.has("firstNodeIp") ? address(o, "firstNodeIp") : first.increment(266).toString();
    Nacl nacl = o.has("nacl") ? nacl(o.object("nacl")) : null;
    o.rejectUnknownKeys();
    return new Cluster(vpc, podCidr, nodes, natRules, routesToPeer, firstNodeIp, nacl);
  }

  private static Peer peer(YamlObject o) {
    Vpc vpc = vpc(o.object("vpc"));
    YamlObject p = o.object("peering");
    String state = p.string("state", "active");
    if (!PEERING_STATES.contains(state)) {
      throw p.error("state", "unknown peering state '" + state + "', one of " + PEERING_STATES);
    }
    Peering peering = new Peering(p.string("id"), PeeringStatus.fromCode(state));
    p.rejectUnknownKeys();
    List<String> routesBack = cidrs(o, "routesBack");
    SecurityGroup sg = securityGroup(o.object("securityGroup"));
    Nacl nacl = o.has("nacl") ? nacl(o.object("nacl")) : null;
    Target target = target(o.object("target"));
    o.rejectUnknownKeys();
    return new Peer(vpc, peering, routesBack, sg, nacl, target);
  }

  private static Vpc vpc(YamlObject o) {
    Vpc vpc = new Vpc(o.string("id"), cidrs(o, "cidrs"));
    if (vpc.cidrs().isEmpty()) {
      throw o.error("cidrs", "needs at least one CIDR");
    }
    o.rejectUnknownKeys();
    return vpc;
  }

  private static SecurityGroup securityGroup(YamlObject o) {
    String id = o.string("id");
    List<IngressRule> ingress =
        o.objects("ingress").stream()
            .map(
                r -> {
                  IngressRule rule = new IngressRule(cidr(r, "cidr"), port(r, "port"));
                  r.rejectUnknownKeys();
                  return rule;
                })
            .toList();
    o.rejectUnknownKeys();
    return new SecurityGroup(id, ingress);
  }

  private static Nacl nacl(YamlObject o) {
    String id = o.string("id");
    List<NaclEntry> inbound = o.has("inbound") ? naclEntries(o, "inbound") : List.of();
    List<NaclEntry> outbound = o.has("outbound") ? naclEntries(o, "outbound") : List.of();
    o.rejectUnknownKeys();
    return new Nacl(id, inbound, outbound);
  }

  private static List<NaclEntry> naclEntries(YamlObject o, String key) {
    return o.objects(key).stream().map(ScenarioLoader::naclEntry).toList();
  }

  private static NaclEntry naclEntry(YamlObject o) {
    int rule = o.integer("rule");
    if (rule < 1 || rule > 32766) {
      throw o.error("rule", "rule numbers are 1..32766, got " + rule);
    }
    String cidr = cidr(o, "cidr");
    String protocol = o.string("protocol", "all").toLowerCase(Locale.ROOT);
    if (!protocol.equals("all") && !protocol.equals("tcp")) {
      throw o.error("protocol", "use tcp or all, got '" + protocol + "'");
    }
    Integer from = null;
    Integer to = null;
    if (o.has("ports")) {
      Matcher m = PORTS.matcher(o.string("ports"));
      if (!m.matches() || !protocol.equals("tcp")) {
        throw o.error("ports", "use a port or a range like 1024-65535, with protocol: tcp");
      }
      from = Integer.parseInt(m.group(1));
      to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
      if (from < 1 || to > 65535 || from > to) {
        throw o.error("ports", "ports are 1..65535, low before high");
      }
    }
    String action = o.string("action").toLowerCase(Locale.ROOT);
    if (!action.equals("allow") && !action.equals("deny")) {
      throw o.error("action", "use allow or deny, got '" + action + "'");
    }
    o.rejectUnknownKeys();
    return new NaclEntry(rule, cidr, protocol, from, to, action);
  }

  private static Target target(YamlObject o) {
    Target target =
        new Target(
            o.string("name"),
            o.string("host"),
            address(o, "ip"),
            o.has("publicIp") ? address(o, "publicIp") : null,
            port(o, "port"),
            o.bool("listening", true));
    o.rejectUnknownKeys();
    return target;
  }

  private static Dns dns(YamlObject root, Cluster cluster) {
    String defaultServer = network(cluster.vpc().cidrs().get(0)).increment(2).toString();
    if (!root.has("dns")) {
      root.string("dns", "");
      return new Dns(DnsAnswer.PRIVATE, defaultServer);
    }
    YamlObject o = root.object("dns");
    String answer = o.string("answer", "private");
    DnsAnswer parsed;
    try {
      parsed = DnsAnswer.valueOf(answer.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw o.error("answer", "use private, public or nxdomain, got '" + answer + "'");
    }
    String server = o.has("serverIp") ? address(o, "serverIp") : defaultServer;
    o.rejectUnknownKeys();
    return new Dns(parsed, server);
  }

  private static Expect expect(YamlObject o, String natRules) {
    String cause = o.string("rootCause");
    if (!ROOT_CAUSES.contains(cause)) {
      throw o.error("rootCause", "unknown root cause '" + cause + "', one of " + ROOT_CAUSES);
    }
    RootCause expected = RootCause.valueOf(cause);
    String decidingRule = o.has("decidingRule") ? o.string("decidingRule").strip() : null;
    if (decidingRule != null
        && natRules.lines().map(String::strip).noneMatch(decidingRule::equals)) {
      throw o.error(
          "decidingRule",
          "'"
              + decidingRule
              + "' is not a line of cluster.natRules; copy the rule line exactly, e.g. -A"
              + " POSTROUTING ! -d 10.0.0.0/8 -o eth0 -j MASQUERADE");
    }
    o.rejectUnknownKeys();
    return new Expect(expected, decidingRule);
  }

  /** Cross-field checks: every lab address must sit where the topology will put it. */
  private static void checkAddressPlan(YamlObject root, Scenario s) {
    new AddressPlanCheck(s, root::error).check();
    String clusterCidr = s.cluster().vpc().cidrs().get(0);
    AddressPlan plan = new AddressPlan(s, s.cluster().nodes());
    for (int i = 1; i <= s.cluster().nodes(); i++) {
      String ip = plan.nodeIp(i);
      if (!contains(clusterCidr, ip)) {
        throw root.error(
            "cluster.firstNodeIp",
            "node "
                + i
                + " ("
                + ip
                + ") falls outside "
                + clusterCidr
                + "; set cluster.firstNodeIp"
                + " to a host of "
                + clusterCidr);
      }
      if (ip.equals(plan.routerClusterIp()) || ip.equals(s.dns().serverIp())) {
        throw root.error(
            "cluster.firstNodeIp",
            "node " + i + " (" + ip + ") collides with the router or the DNS server");
      }
    }
  }

  /** Checks a node count (from the file or {@code --nodes}) against the pod range. */
  static void checkNodeCount(YamlObject o, String key, int nodes, String podCidr) {
    String problem = nodeCountProblem(nodes, podCidr);
    if (problem != null) {
      throw o.error(key, problem);
    }
  }

  /** Why {@code nodes} cannot be built from {@code podCidr}, or null when it can. */
  static String nodeCountProblem(int nodes, String podCidr) {
    long slash24s = 1L << (24 - prefix(podCidr));
    if (nodes < 1 || nodes > MAX_NODES) {
      return "node count must be 1.." + MAX_NODES + ", got " + nodes;
    }
    if (nodes > slash24s - 1) {
      return "pod range " + podCidr + " holds only " + (slash24s - 1) + " node /24s";
    }
    return null;
  }

  private static void checkNatRules(YamlObject o, String rules, NatRulesLocation where) {
    String[] lines = rules.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String l = lines[i].strip();
      if (l.isEmpty() || l.startsWith("#")) {
        continue;
      }
      if (!(l.startsWith("-A ")
          || l.startsWith("-I ")
          || l.startsWith("-N ")
          || l.startsWith(":"))) {
        throw new UserInputException(
            o.source()
                + ": "
                + where.describe(i)
                + ": each line is an iptables-save nat line (-A, -I, -N or :CHAIN), got '"
                + l
                + "'");
      }
    }
  }

  private static int port(YamlObject o, String key) {
    int port = o.integer(key);
    if (port < 1 || port > 65535) {
      throw o.error(key, "ports are 1..65535, got " + port);
    }
    return port;
  }

  private static List<String> cidrs(YamlObject o, String key) {
    List<String> raw = o.strings(key);
    for (int i = 0; i < raw.size(); i++) {
      checkCidr(o, key + "[" + i + "]", raw.get(i));
    }
    return raw;
  }

  private static String cidr(YamlObject o, String key) {
    String text = o.string(key);
    checkCidr(o, key, text);
    return text;
  }

  private static void checkCidr(YamlObject o, String key, String text) {
    IPAddress a = new IPAddressString(text).getAddress();
    if (a == null || !a.isIPv4() || !a.isPrefixed()) {
      throw o.error(key, "'" + text + "' is not an IPv4 CIDR like 10.0.0.0/16");
    }
    if (!a.getLower()
        .withoutPrefixLength()
        .equals(a.toZeroHost().getLower().withoutPrefixLength())) {
      throw o.error(
          key, "'" + text + "' is not a network address; did you mean " + a.toZeroHost() + "?");
    }
    try {
      Cidr.parse(text);
    } catch (IllegalArgumentException e) {
      throw o.error(key, e.getMessage());
    }
  }

  private static String address(YamlObject o, String key) {
    String text = o.string(key);
    IPAddress a = new IPAddressString(text).getAddress();
    if (a == null || !a.isIPv4() || a.isPrefixed()) {
      throw o.error(key, "'" + text + "' is not an IPv4 address like 10.0.5.20");
    }
    try {
      return Ipv4.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw o.error(key, e.getMessage());
    }
  }

  /** The first address of {@code cidr}, without prefix length. */
  static IPAddress network(String cidr) {
    return new IPAddressString(cidr).getAddress().getLower().withoutPrefixLength();
  }

  static int prefix(String cidr) {
    return new IPAddressString(cidr).getAddress().getNetworkPrefixLength();
  }

  static boolean contains(String cidr, String address) {
    return new IPAddressString(cidr)
        .getAddress()
        .contains(new IPAddressString(address).getAddress());
  }
}
