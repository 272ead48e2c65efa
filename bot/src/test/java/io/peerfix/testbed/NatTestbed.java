package io.peerfix.testbed;

import io.peerfix.exec.CommandResult;
import io.peerfix.exec.CommandRunner;
import io.peerfix.exec.ProcessCommandRunner;
import io.peerfix.lab.Netns;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes-like node on the real kernel, for checking what its nat table does to real traffic.
 *
 * <p>Six network namespaces named {@code pf<random>-<role>} (unique per run; other tests run in
 * parallel), none linked to the root namespace: the {@code node} (ip_forward on, the nat table and
 * ipsets under test), two pod namespaces on the node's {@code cbr0} and {@code cni0}, and two
 * receivers behind the node's {@code eth0} and {@code eth1}. Receivers own several addresses,
 * answer on several TCP and UDP ports and route everything back through the node, so whatever
 * source address a packet leaves with is what they report. The node's own network is an origin too:
 * a client inside the node namespace ({@link #NODE}).
 *
 * <p>One client per origin and one receiver per receiver namespace run for the whole testbed life
 * (see {@link NamespaceProcess}). {@link #close()} removes every process and namespace it made.
 */
public final class NatTestbed implements AutoCloseable {
  public static final String POD_A = "podA";
  public static final String POD_B = "podB";
  public static final String NODE = "node";

  /** Pods and the node's own network, as seen from the node. */
  public static final List<Origin> ORIGINS =
      List.of(
          new Origin(
              POD_A,
              false,
              "cbr0",
              List.of("10.244.1.5", "10.244.1.6", "100.64.1.5", "192.168.1.5")),
          new Origin(POD_B, false, "cni0", List.of("10.244.2.5", "172.17.0.2")),
          new Origin(
              NODE,
              true,
              null,
              List.of("172.20.1.10", "172.20.1.11", "10.10.0.10", "10.244.1.1", "172.17.0.1")));

  /** Receivers: R0 is the VPC side (default route), R1 a second uplink (e.g. a peering). */
  public static final List<Receiver> RECEIVERS =
      List.of(
          new Receiver(
              "r0",
              "eth0",
              List.of("172.20.0.1", "10.0.5.20", "203.0.113.10", "192.168.50.20"),
              List.of(80, 443, 5432, 8080)),
          new Receiver(
              "r1",
              "eth1",
              List.of("10.10.0.1", "10.0.6.30", "198.51.100.20"),
              List.of(80, 443, 5432, 8080)));

  /** The address MASQUERADE takes on each egress interface (its primary address). */
  public static final Map<String, String> EGRESS_ADDRESS =
      Map.of("eth0", "172.20.1.10", "eth1", "10.10.0.10");

  /**
   * Addresses that work as {@code SNAT --to-source}: replies to them come back to the node (owned
   * by it, or off-link for every receiver, whose default route is the node).
   */
  public static final List<String> SNAT_ADDRESSES =
      List.of("172.20.1.10", "172.20.1.11", "10.10.0.10", "100.99.0.1", "192.0.2.1");

  /**
   * {@code iptables} (the machine default, nf_tables backend here) or {@code iptables-legacy}, from
   * the system property {@code peerfix.iptables} (default {@code iptables}).
   */
  private static final String IPTABLES = System.getProperty("peerfix.iptables", "iptables");

  /**
   * The node answers too, on the same ports, for packets delivered to it (REDIRECT, DNAT to a node
   * address): on the primary addresses of cbr0 and cni0 (REDIRECT's choice) and of eth0.
   */
  public static final List<String> NODE_LISTEN_ADDRESSES =
      List.of("10.244.1.1", "10.244.2.1", "172.20.1.10");

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

  private final CommandRunner runner;
  private final Netns netns;
  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final Map<String, NamespaceProcess> clients = new LinkedHashMap<>();
  private final List<NamespaceProcess> receivers = new ArrayList<>();
  private int nextProbeId;

  private NatTestbed(CommandRunner runner) {
    this.runner = runner;
    this.netns = new Netns(runner);
    byte[] id = new byte[3];
    new SecureRandom().nextBytes(id);
    this.prefix = "pf" + HexFormat.of().formatHex(id);
  }

  /** Builds the testbed; on any failure removes what it already built and rethrows. */
  public static NatTestbed start() {
    NatTestbed bed = new NatTestbed(new ProcessCommandRunner());
    try {
      bed.build();
      return bed;
    } catch (RuntimeException | Error e) {
      bed.close();
      throw e;
    }
  }

  /** The node namespace's name (for diagnostics and for reuse by other tests). */
  public String nodeNamespace() {
    return ns(NODE);
  }

  /** Every IPv4 address the node owns, from the kernel ({@code ip -4 addr}). */
  public List<String> nodeLocalAddresses() {
    String out =
        netns.exec(ns(NODE), List.of("ip", "-4", "-o", "addr", "show"), TIMEOUT).orThrow().stdout();
    List<String> addresses = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.trim().split("\\s+");
      for (int i = 0; i + 1 < f.length; i++) {
        if ("inet".equals(f[i])) {
          addresses.add(f[i + 1].substring(0, f[i + 1].indexOf('/')));
        }
      }
    }
    return addresses;
  }

  /** The interface the node's routing sends {@code destination} out of ({@code ip route get}). */
  public String routeInterface(String destination) {
    String out =
        netns
            .exec(ns(NODE), List.of("ip", "-4", "route", "get", destination), TIMEOUT)
            .orThrow()
            .stdout();
    String[] f = out.trim().split("\\s+");
    for (int i = 0; i + 1 < f.length; i++) {
      if ("dev".equals(f[i])) {
        return f[i + 1];
      }
    }
    throw new IllegalStateException("no route to " + destination + ": " + out);
  }

  /**
   * Replaces the node's nat table and ipsets: empties filter, mangle and nat (so old rules release
   * their sets), destroys every set, restores {@code ipsetRestore} (may be empty) with {@code ipset
   * restore}, then {@code nat} (iptables-save text) with {@code iptables-restore}. Returns the
   * first failing command's result, or the last one when all succeeded; the caller decides what a
   * refusal means.
   */
  public CommandResult load(String nat, String ipsetRestore) {
    CommandResult result =
        iptablesRestore("*filter\nCOMMIT\n*mangle\nCOMMIT\n*nat\nCOMMIT\n").orThrow();
    result = nodeExec(List.of("ipset", "destroy"), "").orThrow();
    if (!ipsetRestore.isBlank()) {
      result = nodeExec(List.of("ipset", "restore"), ipsetRestore);
      if (!result.ok()) {
        return result;
      }
    }
    return iptablesRestore(nat);
  }

  /**
   * As {@link #load(String, String)} with {@code base}, then {@code payload} with {@code
   * iptables-restore --noflush} onto it; the first failing command's result, or the last one.
   */
  public CommandResult loadOnto(String base, String payload, String ipsetRestore) {
    CommandResult result = load(base, ipsetRestore);
    if (!result.ok()) {
      return result;
    }
    return nodeExec(List.of(IPTABLES + "-restore", "--noflush"), payload);
  }

  /** The nat table as the kernel now holds it ({@code iptables-save -t nat}). */
  public String savedNat() {
    return nodeExec(List.of(IPTABLES + "-save", "-t", "nat"), "").orThrow().stdout();
  }

  /** The nat table as {@code iptables -t nat -S} prints it. */
  public String natRules() {
    return nodeExec(List.of(IPTABLES, "-t", "nat", "-S"), "").orThrow().stdout();
  }

  /**
   * The nat table as {@code iptables -t nat -L -n -v} prints it (lossy: no comments, shortened
   * options), with {@code --line-numbers} when asked.
   */
  public String natListing(boolean lineNumbers) {
    List<String> argv = new ArrayList<>(List.of(IPTABLES, "-t", "nat", "-L", "-n", "-v"));
    if (lineNumbers) {
      argv.add("--line-numbers");
    }
    return nodeExec(argv, "").orThrow().stdout();
  }

  /** The ipsets as the kernel now holds them ({@code ipset save}). */
  public String savedIpsets() {
    return nodeExec(List.of("ipset", "save"), "").orThrow().stdout();
  }

  /** Runs {@code iptables-restore} in the node with {@code text} (full restore of its tables). */
  public CommandResult iptablesRestore(String text) {
    return nodeExec(List.of(IPTABLES + "-restore"), text);
  }

  /**
   * Makes every probe for real, clients working in parallel, and returns the outcomes in order.
   * Each probe should use a source port not used before in this testbed, so the answer never comes
   * from a conntrack entry of an earlier rule set.
   */
  public List<ProbeOutcome> probe(List<Probe> probes) {
    Map<Integer, Integer> indexById = new LinkedHashMap<>();
    Map<String, List<Integer>> idsByOrigin = new LinkedHashMap<>();
    for (int i = 0; i < probes.size(); i++) {
      Probe p = probes.get(i);
      NamespaceProcess client = clients.get(p.origin());
      if (client == null) {
        throw new IllegalArgumentException("no origin named " + p.origin());
      }
      int id = nextProbeId++;
      indexById.put(id, i);
      idsByOrigin.computeIfAbsent(p.origin(), k -> new ArrayList<>()).add(id);
      client.send(
          id
              + " "
              + p.protocol()
              + " "
              + p.src()
              + " "
              + p.srcPort()
              + " "
              + p.dst()
              + " "
              + p.dstPort());
    }
    ProbeOutcome[] outcomes = new ProbeOutcome[probes.size()];
    for (Map.Entry<String, List<Integer>> entry : idsByOrigin.entrySet()) {
      NamespaceProcess client = clients.get(entry.getKey());
      for (int expected : entry.getValue()) {
        String line = client.readLine(PROBE_TIMEOUT);
        String prefixOfAnswer = expected + " ";
        outcomes[indexById.get(expected)] =
            line != null && line.startsWith(prefixOfAnswer)
                ? ProbeOutcome.parse(line.substring(prefixOfAnswer.length()))
                : ProbeOutcome.parse(null);
      }
    }
    return List.of(outcomes);
  }

  /** One probe; see {@link #probe(List)}. */
  public ProbeOutcome probe(Probe probe) {
    return probe(List.of(probe)).get(0);
  }

  @Override
  public void close() {
    clients.values().forEach(NamespaceProcess::close);
    receivers.forEach(NamespaceProcess::close);
    clients.clear();
    receivers.clear();
    for (String name : namespaces) {
      netns.delete(name);
    }
    namespaces.clear();
  }

  private void build() {
    String node = create(NODE);
    String podA = create(POD_A);
    String podB = create(POD_B);
    String r0 = create("r0");
    String r1 = create("r1");
    netns.veth(node, "cbr0", podA, "eth0");
    netns.veth(node, "cni0", podB, "eth0");
    netns.veth(node, "eth0", r0, "eth0");
    netns.veth(node, "eth1", r1, "eth0");

    addresses(node, "cbr0", "10.244.1.1/24", "100.64.1.1/24", "192.168.1.1/24");
    addresses(node, "cni0", "10.244.2.1/24", "172.17.0.1/16");
    addresses(node, "eth0", "172.20.1.10/16", "172.20.1.11/16");
    addresses(node, "eth1", "10.10.0.10/24");
    netns.ipIn(node, "route", "add", "default", "via", "172.20.0.1", "dev", "eth0");
    netns.ipIn(node, "route", "add", "10.0.6.0/24", "via", "10.10.0.1", "dev", "eth1");
    netns.ipIn(node, "route", "add", "198.51.100.0/24", "via", "10.10.0.1", "dev", "eth1");
    netns.sysctl(node, "net.ipv4.ip_forward=1");

    addresses(podA, "eth0", "10.244.1.5/24", "10.244.1.6/24", "100.64.1.5/24", "192.168.1.5/24");
    netns.ipIn(podA, "route", "add", "default", "via", "10.244.1.1", "dev", "eth0");
    addresses(podB, "eth0", "10.244.2.5/24", "172.17.0.2/16");
    netns.ipIn(podB, "route", "add", "default", "via", "10.244.2.1", "dev", "eth0");

    addresses(r0, "eth0", "172.20.0.1/16");
    addresses(r0, "lo", "10.0.5.20/32", "203.0.113.10/32", "192.168.50.20/32");
    netns.ipIn(r0, "route", "add", "default", "via", "172.20.1.10", "dev", "eth0");
    addresses(r1, "eth0", "10.10.0.1/24");
    addresses(r1, "lo", "10.0.6.30/32", "198.51.100.20/32");
    netns.ipIn(r1, "route", "add", "default", "via", "10.10.0.10", "dev", "eth0");
    for (String name : List.of(node, podA, podB, r0, r1)) {
      // Strict reverse-path checks would drop some legitimate lab paths (secondary pod ranges).
      netns.sysctl(name, "net.ipv4.conf.all.rp_filter=0");
      netns.sysctl(name, "net.ipv4.conf.default.rp_filter=0");
    }
    startProcesses();
  }

  private void startProcesses() {
    for (Receiver receiver : RECEIVERS) {
      List<String> ports = receiver.ports().stream().map(String::valueOf).toList();
      receivers.add(
          NamespaceProcess.startJava(
              ns(receiver.name()),
              ProbeReceiverMain.class,
              List.of(String.join(",", ports), String.join(",", receiver.addresses())),
              TIMEOUT));
    }
    receivers.add(
        NamespaceProcess.startJava(
            ns(NODE),
            ProbeReceiverMain.class,
            List.of("80,443,5432,8080", String.join(",", NODE_LISTEN_ADDRESSES)),
            TIMEOUT));
    for (Origin origin : ORIGINS) {
      clients.put(
          origin.name(),
          NamespaceProcess.startJava(ns(origin.name()), ProbeClientMain.class, List.of(), TIMEOUT));
    }
  }

  private String create(String role) {
    String name = ns(role);
    namespaces.add(name);
    netns.add(name);
    return name;
  }

  private String ns(String role) {
    return prefix + "-" + role;
  }

  private void addresses(String ns, String iface, String... cidrs) {
    for (String cidr : cidrs) {
      netns.ipIn(ns, "addr", "add", cidr, "dev", iface);
    }
    netns.ipIn(ns, "link", "set", iface, "up");
  }

  private CommandResult nodeExec(List<String> argv, String stdin) {
    return netns.exec(ns(NODE), argv, stdin, TIMEOUT);
  }
}
