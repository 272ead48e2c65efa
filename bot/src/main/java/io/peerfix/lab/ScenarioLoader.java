package io.peerfix.lab;

import static io.peerfix.lab.ScenarioChecks.checkAddressPlan;
import static io.peerfix.lab.ScenarioChecks.checkNatRules;
import static io.peerfix.lab.ScenarioChecks.checkNodeCount;
import static io.peerfix.lab.ScenarioValues.address;
import static io.peerfix.lab.ScenarioValues.cidr;
import static io.peerfix.lab.ScenarioValues.cidrs;
import static io.peerfix.lab.ScenarioValues.network;
import static io.peerfix.lab.ScenarioValues.port;
import static io.peerfix.lab.ScenarioValues.prefix;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import inet.ipaddr.IPAddress;
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
    return parse(file.toString(), text(file));
  }

  /**
   * The text of the scenario file at {@code file}, for callers that keep it beside the parsed
   * scenario (a lab's state records the YAML it was built from).
   *
   * @throws UserInputException when it does not exist or cannot be read, saying why
   */
  public static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new UserInputException("scenario file " + file + " does not exist");
    } catch (IOException e) {
      throw new UserInputException(
          "cannot read scenario file " + file + ": " + Problems.fileReason(e));
    }
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
}
