package io.peerfix.lab;

import io.peerfix.diagnosis.RootCause;
import io.peerfix.vpc.PeeringStatus;
import java.util.List;

/**
 * A lab scenario: the cluster VPC with its nodes and nat rules, the peered VPC with its target
 * database, the DNS answer, and the root cause the scenario reproduces. Instances come from {@link
 * ScenarioLoader}, which validates every field; addresses are kept as the text the file gave.
 */
public record Scenario(
    String name, String description, Cluster cluster, Peer peer, Dns dns, Expect expect) {

  /** Placeholder in {@link Cluster#natRules()} replaced by each node's VPC address. */
  public static final String NODE_IP = "${NODE_IP}";

  /** Placeholder in {@link Cluster#natRules()} replaced by each node's pod range. */
  public static final String NODE_POD_CIDR = "${NODE_POD_CIDR}";

  /**
   * The Kubernetes side: its VPC, the range node pod /24s are cut from (node i gets the i-th), the
   * default node count, the nat-table lines applied on every node, the cluster route table's routes
   * to the peer through the peering, the first node's address and the cluster subnet's ACL.
   */
  public record Cluster(
      Vpc vpc,
      String podCidr,
      int nodes,
      String natRules,
      List<String> routesToPeer,
      String firstNodeIp,
      Nacl nacl) {}

  /**
   * The peered side: its VPC, the peering, the peer route table's routes back through the peering,
   * the target's security group and subnet ACL, and the target itself.
   */
  public record Peer(
      Vpc vpc,
      Peering peering,
      List<String> routesBack,
      SecurityGroup securityGroup,
      Nacl nacl,
      Target target) {}

  /** A VPC: its id and CIDR blocks (the first one holds the lab's addresses). */
  public record Vpc(String id, List<String> cidrs) {}

  /** A VPC peering connection and its state (written as AWS names it: active, ...). */
  public record Peering(String id, PeeringStatus state) {
    public boolean active() {
      return state == PeeringStatus.ACTIVE;
    }
  }

  /** A stateful security group on the target: ingress rules only, all egress allowed. */
  public record SecurityGroup(String id, List<IngressRule> ingress) {}

  /** One security group ingress rule: TCP to {@code port} from {@code cidr}. */
  public record IngressRule(String cidr, int port) {}

  /**
   * A stateless network ACL on a subnet: entries evaluated by rule number, first match wins, an
   * implicit deny at the end. A subnet without one has AWS's default ACL, which allows everything.
   */
  public record Nacl(String id, List<NaclEntry> inbound, List<NaclEntry> outbound) {}

  /**
   * One ACL entry: rule number, peer CIDR, protocol ({@code tcp} or {@code all}), a port range
   * (null: all ports) and {@code allow} or {@code deny}.
   */
  public record NaclEntry(
      int rule, String cidr, String protocol, Integer fromPort, Integer toPort, String action) {
    public boolean allows() {
      return "allow".equals(action);
    }
  }

  /**
   * The database: its peerfix target name, DNS name, private address, public address (what a DNS
   * answer of {@code public} returns; reachable from nowhere in the lab), port, and whether a
   * server listens (false: connections are refused).
   */
  public record Target(
      String name, String host, String ip, String publicIp, int port, boolean listening) {}

  /** The lab's resolver: its address in the cluster VPC and what it answers for the target. */
  public record Dns(DnsAnswer answer, String serverIp) {}

  /** What the resolver answers for the target's host name. */
  public enum DnsAnswer {
    PRIVATE,
    PUBLIC,
    NXDOMAIN
  }

  /**
   * What peerfix must conclude about this scenario: the root cause and, optionally, the nat rule (a
   * line of {@code cluster.natRules}, as iptables-save prints it) that every node's verdict must
   * name as deciding; null when not checked. {@link #NONE} when a scenario file states nothing.
   */
  public record Expect(RootCause rootCause, String decidingRule) {
    /** A scenario file without {@code expect}: nothing to compare the diagnosis with. */
    public static final Expect NONE = new Expect(null, null);

    public Expect(RootCause rootCause) {
      this(rootCause, null);
    }

    /** Whether the scenario states the root cause it expects. */
    public boolean known() {
      return rootCause != null;
    }

    /** The expected root cause, or a phrase saying there is none, for messages. */
    public String describe() {
      return known() ? rootCause.name() : "none stated";
    }
  }
}
